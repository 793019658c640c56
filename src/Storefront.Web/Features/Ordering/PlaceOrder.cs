using System.Diagnostics;
using System.Globalization;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;
using Storefront.Web.Features.Catalog;
using Storefront.Web.Features.Insight.Tracking;
using Storefront.Web.Features.Ordering.Risk;
using Storefront.Web.Features.Promotions;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Notifications;
using Storefront.Web.Infrastructure.Telemetry;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// 提交订单: turns the shopper's selected cart lines into an order awaiting payment, in one transaction:
/// re-prices them with the <see cref="PricingEngine"/>, reserves every unit with <see cref="SkuStock.Reservation"/>
/// (conditional UPDATEs: all or nothing, a SKU short refuses the whole order with 409 naming the product), takes the next
/// order number, writes the order, claims the ordered lines from the cart (of concurrent orders of the same lines only
/// one gets them: 409 checkout.cart-changed for the others) and queues the order-placed notification.
/// Idempotent: the same Idempotency-Key (API header, or the checkout form's hidden key) gives back the order it made,
/// never a second one; concurrent requests with one key are serialised by a transaction-scoped advisory lock.
/// </summary>
public static class PlaceOrder
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const int IdempotencyKeyMaxLength = 100;

    /// <summary>Configuration key of the crash test's fault injection: AfterReserve or BeforeCommit kills the process there.</summary>
    public const string FaultSetting = "Storefront:Faults:PlaceOrder";

    public sealed record Command : ICommand<Result>
    {
        /// <summary>From the Idempotency-Key header (API) or the form's hidden field.</summary>
        public string IdempotencyKey { get; set; } = "";

        /// <summary>An entry of the shopper's address book; or give <see cref="Address"/>.</summary>
        public Guid? AddressId { get; set; }

        /// <summary>An address typed at checkout, used when <see cref="AddressId"/> is not given.</summary>
        public CheckoutAddress? Address { get; set; }

        /// <summary>Keep a typed address in the address book too.</summary>
        public bool SaveAddress { get; set; }

        /// <summary>The shipping method; none: the store's default.</summary>
        public Guid? ShippingTemplateId { get; set; }

        public string? Note { get; set; }

        /// <summary>The total the shopper was shown; when given and the price moved since, the order is refused (409).</summary>
        public decimal? ExpectedTotal { get; set; }

        /// <summary>The coupon: empty or "best" (the one saving most, the default), "none", or the id of a coupon the shopper holds.</summary>
        public string? Coupon { get; set; }

        /// <summary>Points to spend (none: 0); more than the order may take is lowered to what it may, more than held is refused.</summary>
        public int? Points { get; set; }
    }

    /// <summary>The order; <see cref="Created"/> false when the key had already placed it.</summary>
    public sealed record Result(string Number, OrderStatus Status, decimal Total, DateTimeOffset PaymentDueAt, bool Created);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(StorefrontDb db, CurrentUser user)
        {
            RuleFor(c => c.IdempotencyKey).NotEmpty().MaximumLength(IdempotencyKeyMaxLength).WithMessage(_ => OrderingText.CheckoutKeyRequired);
            RuleFor(c => c.Address).NotNull().When(c => c.AddressId is null).WithMessage(_ => OrderingText.CheckoutAddressRequired);
            RuleFor(c => c.Address!).SetValidator(new CheckoutAddress.Validator()).When(c => c.AddressId is null && c.Address is not null);
            RuleFor(c => c.AddressId)
                .MustAsync(async (id, ct) => await db.Addresses.AnyAsync(a => a.Id == id && a.ShopperId == user.Id, ct))
                .When(c => c.AddressId is not null).WithMessage(_ => OrderingText.CheckoutUnknownAddress);
            RuleFor(c => c.ShippingTemplateId)
                .MustAsync(async (id, ct) => await db.ShippingTemplates.AnyAsync(t => t.Id == id && t.IsActive, ct))
                .When(c => c.ShippingTemplateId is not null).WithMessage(_ => OrderingText.CheckoutUnknownShipping);
            RuleFor(c => c.Note).MaximumLength(Order.NoteMaxLength).WithName(_ => OrderingText.CheckoutNote);
            RuleFor(c => c.Coupon).Must(c => ShopperPricing.ParseChoice(c) is not null).WithMessage(_ => OrderingText.CouponInvalid);
            RuleFor(c => c.Points).GreaterThanOrEqualTo(0).WithMessage(_ => OrderingText.PointsInvalid);
        }
    }

    internal sealed class Handler(
        StorefrontDb db, CurrentUser user, TimeProvider clock, CatalogCache catalogCache, IConfiguration configuration, ILogger<Handler> log,
        StorefrontMetrics metrics, TenantContext tenant, Visits visits)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var checkout = metrics.StartCheckout(db);
            var tenantId = db.TenantId!.Value;
            var shopperId = user.RequiredId;
            var key = request.IdempotencyKey.Trim();
            var now = clock.GetUtcNow();

            // One round trip: the key's lock, the order the key already made, the selected cart lines, the shopper's e-mail and
            // the store's payment timeout, the pricing context of those lines. A second request with the key waits here until
            // the first commits, then finds its order.
            var categories = await StoreCategories.LoadAsync(db, catalogCache, cancellationToken);
            var start =
                await StartAsync(
                    tenantId, shopperId, key, now, ShopperPricing.ParseChoice(request.Coupon)!, request.Points ?? 0, categories, cancellationToken);
            if (start.Existing is { } existing)
            {
                return existing;
            }

            var lines = start.Lines;
            if (lines.Count == 0)
            {
                // A conflict, not bad input: the cart is empty now (possibly emptied by an order placed a moment ago).
                throw new DomainException("checkout.empty", OrderingText.CheckoutEmpty, isConflict: true);
            }

            if (lines.Count > Order.MaxLines)
            {
                throw new DomainException("checkout.lines", string.Format(CultureInfo.CurrentCulture, OrderingText.CheckoutTooManyLines, Order.MaxLines));
            }

            if (lines.Where(l => !l.IsListed).Select(l => l.ProductName).Distinct().ToList() is { Count: > 0 } delisted)
            {
                throw new DomainException(
                    "checkout.unavailable", string.Format(CultureInfo.CurrentCulture, OrderingText.CheckoutProductsUnavailable, string.Join("、", delisted)),
                    isConflict: true);
            }

            var address = request.AddressId is { } addressId
                ? (await db.Addresses.AsNoTracking().SingleAsync(a => a.Id == addressId && a.ShopperId == shopperId, cancellationToken)).Address
                : request.Address!.ToAddress();
            var methods = await CheckoutBasket.ShippingMethodsAsync(db, catalogCache, cancellationToken);
            var shipping = CheckoutBasket.ChooseFor(methods, request.ShippingTemplateId, address);
            var pricing = lines.Select(l => l.Pricing).ToList();
            var loaded = start.Pricing!;
            if (request.Points is > 0 and var asked && asked > loaded.Context.PointsBalance)
            {
                throw new DomainException("points.short",
                    string.Format(CultureInfo.CurrentCulture, OrderingText.PointsMoreThanHeld, loaded.Context.PointsBalance, asked));
            }

            var quote = PricingEngine.Price(new PricingRequest(pricing, shipping, now, loaded.Context));
            if (request.ExpectedTotal is { } expected && expected != quote.Total)
            {
                throw new DomainException("checkout.price-changed",
                    string.Format(
                        CultureInfo.CurrentCulture, OrderingText.CheckoutTotalChanged, expected.ToString("0.00", CultureInfo.InvariantCulture),
                        quote.Total.ToString("0.00", CultureInfo.InvariantCulture)), isConflict: true);
            }

            // 风控: the rules' facts in one indexed statement, before any row lock is taken (docs/decisions/0041-risk-control.md).
            var risk = await RiskScoring.AssessAsync(db, shopperId, address, quote.Total, quote.CouponId, now, cancellationToken);

            // The row lock of each SKU is held from here to commit: everything slow is above. A reservation that sells a SKU
            // out announces a catalog change (SkuStock); any other order leaves the cached catalog pages alone.
            // One round trip: the ordered lines are claimed (they leave the cart), every unit is reserved, the order number is
            // taken (a sequence: no lock). A claim that did not get exactly the lines read above lost them to another order
            // placed at the same time (or to a cart change): refused, and the transaction rolls the reservation back.
            var (claimed, shortOf, sequence) = await TakeAsync(tenantId, shopperId, lines, cancellationToken);
            if (!claimed)
            {
                throw new DomainException("checkout.cart-changed", OrderingText.CheckoutCartChanged, isConflict: true);
            }

            if (shortOf.Count > 0)
            {
                var names = lines.Where(l => shortOf.Contains(l.SkuId)).Select(l => (l.ProductName + " " + l.SpecText).Trim()).Distinct();
                throw new DomainException(
                    "stock.short", string.Format(CultureInfo.CurrentCulture, OrderingText.CheckoutStockShort, string.Join("、", names)), isConflict: true);
            }

            Fault("AfterReserve");

            var number = OrderNumber.For(now, StoreTime.Zone(tenant.Store), sequence);
            var order = Order.Place(tenantId, number, shopperId, address, shipping, [.. lines.Select(l => l.Item)], quote, request.Note, key,
                TimeSpan.FromMinutes(start.PaymentTimeoutMinutes), now);
            order.AssessRisk(risk, now);

            // 秒杀 quota and limit, the coupon, the points: conditional UPDATEs after the SKU row locks, one round trip.
            await CheckoutPromotions.TakeAsync(db, order, quote, loaded, now, cancellationToken);

            // The order, its lines, its 'placed' event, its notification and its visitor (the visit funnel): one round trip, past the change tracker.
            await NewRows.InsertAsync(
                db, [order, .. order.Lines, .. order.Events, OrderNotifications.Placed(order, tenant.Store, start.Email, now),
                    .. visits.OrderLink(tenantId, order.Id, now)], cancellationToken);
            if (request.AddressId is null && request.SaveAddress
                && await db.Addresses.CountAsync(a => a.ShopperId == shopperId, cancellationToken) is var saved && saved < ShopperAddress.MaxPerShopper)
            {
                db.Addresses.Add(ShopperAddress.Create(tenantId, shopperId, address, isDefault: saved == 0, now));
            }

            if (configuration[FaultSetting] == "BeforeCommit")
            {
                // Everything written in the transaction, nothing committed.
                await db.SaveChangesAsync(cancellationToken);
                Fault("BeforeCommit");
            }

            log.LogInformation("Order {OrderNumber} placed: {Lines} lines, total {Total}", number, order.Lines.Count, order.Total);
            checkout.Placed();
            return new Result(order.Number, order.Status, order.Total, order.PaymentDueAt, true);
        }

        /// <summary>What placing starts from: the order the key already made (then nothing else matters), or the cart and facts.</summary>
        private sealed record Start(
            Result? Existing, IReadOnlyList<CheckoutBasket.Line> Lines, string Email, int PaymentTimeoutMinutes, ShopperPricing.Loaded? Pricing);

        /// <summary>
        /// Takes the key's transaction-scoped advisory lock, then looks for the order the key already made, reads the selected
        /// cart lines (<see cref="CheckoutBasket.SelectedLinesCommand"/>), the shopper's e-mail and the store's payment timeout,
        /// and the pricing context of the same selected lines (<see cref="ShopperPricing.SelectedCartCommands"/>), after
        /// the setting for generic plans: ten statements in one round trip. PostgreSQL runs them in turn, and each later
        /// one (READ COMMITTED: a snapshot of its own, taken once the lock is held) sees an order or cart change committed
        /// by the request that held the lock before.
        /// </summary>
        private async Task<Start> StartAsync(
            Guid tenantId, Guid shopperId, string key, DateTimeOffset now, CouponChoice coupon, int points, StoreCategories categories, CancellationToken ct)
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection())
                {
                    BatchCommands =
                    {
                        // Every statement of this transaction runs on its prepared statement's generic plan: they read by
                        // key, so one plan fits every store, and planning afresh cost more than running them
                        // (docs/decisions/0014-prepared-statements-and-plans.md).
                        new NpgsqlBatchCommand("set local plan_cache_mode = force_generic_plan"),
                        new NpgsqlBatchCommand("select pg_advisory_xact_lock(hashtext($1), hashtext($2))")
                        {
                            Parameters = { new() { Value = shopperId.ToString() }, new() { Value = key } },
                        },
                        new NpgsqlBatchCommand("""
                            select number, status, total, payment_due_at from orders
                            where tenant_id = $1 and shopper_id = $2 and idempotency_key = $3
                            """)
                        {
                            Parameters = { new() { Value = tenantId }, new() { Value = shopperId }, new() { Value = key } },
                        },
                        CheckoutBasket.SelectedLinesCommand(tenantId, shopperId),
                        new NpgsqlBatchCommand("""
                            select s.email, st.payment_timeout_minutes
                            from shoppers s join stores st on st.id = s.tenant_id
                            where s.tenant_id = $1 and s.id = $2
                            """)
                        {
                            Parameters = { new() { Value = tenantId }, new() { Value = shopperId } },
                        },
                    },
                };
                foreach (var command in ShopperPricing.SelectedCartCommands(tenantId, shopperId, now))
                {
                    batch.BatchCommands.Add(command);
                }

                await using var reader = await batch.ExecuteReaderAsync(ct);
                await reader.NextResultAsync(ct);
                if (await reader.ReadAsync(ct))
                {
                    return new Start(
                        new Result(
                            reader.GetString(0), Enum.Parse<OrderStatus>(reader.GetString(1)), reader.GetDecimal(2), reader.GetFieldValue<DateTimeOffset>(3),
                            false),
                        [], "", 0, null);
                }

                await reader.NextResultAsync(ct);
                var lines = await CheckoutBasket.ReadSelectedLinesAsync(reader, ct);
                await reader.NextResultAsync(ct);
                if (!await reader.ReadAsync(ct))
                {
                    throw new InvalidOperationException("The signed-in shopper is not a shopper of this store.");
                }

                var (email, timeout) = (reader.GetString(0), reader.GetInt32(1));
                await reader.NextResultAsync(ct);
                return new Start(null, lines, email, timeout, await ShopperPricing.ReadAsync(reader, shopperId, coupon, points, categories, ct));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        /// <summary>
        /// Claims the ordered lines (deletes them from the cart, returning what it deleted), reserves their units
        /// (<see cref="SkuStock.Reservation"/>: all or none) and takes the next order number (see <see cref="OrderNumbers"/>),
        /// in one round trip. The DELETE's row locks make the claim atomic: of two orders that read the same lines, the
        /// second's DELETE waits for the first to commit and then finds nothing. Claimed is false unless exactly the lines
        /// read (same SKUs, same quantities) were deleted; then, or when a SKU is short, the caller throws and the
        /// transaction rolls everything back. See docs/decisions/0008-checkout-claims-cart-lines-and-guest-cart-tokens.md.
        /// </summary>
        private async Task<(bool Claimed, IReadOnlyList<Guid> ShortOf, long Sequence)> TakeAsync(
            Guid tenantId, Guid shopperId, IReadOnlyList<CheckoutBasket.Line> lines, CancellationToken ct)
        {
            var reservation = new SkuStock.Reservation(tenantId, lines.Select(l => (l.SkuId, l.Quantity)));
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection())
                {
                    BatchCommands =
                    {
                        new NpgsqlBatchCommand(
                            "delete from cart_lines where tenant_id = $1 and owner_id = $2 and sku_id = any($3) and selected returning sku_id, quantity")
                        {
                            Parameters = { new() { Value = tenantId }, new() { Value = shopperId }, new() { Value = lines.Select(l => l.SkuId).ToArray() } },
                        },
                    },
                };
                reservation.AddTo(batch);
                batch.BatchCommands.Add(OrderNumbers.NextCommand());
                await using var reader = await batch.ExecuteReaderAsync(ct);
                var ordered = lines.ToDictionary(l => l.SkuId, l => l.Quantity);
                var claimed = 0;
                while (await reader.ReadAsync(ct))
                {
                    if (ordered.TryGetValue(reader.GetGuid(0), out var quantity) && quantity == reader.GetInt32(1))
                    {
                        claimed++;
                    }
                }

                await reader.NextResultAsync(ct);
                var shortOf = await reservation.ReadAsync(db, reader, ct);
                await reader.NextResultAsync(ct);
                await reader.ReadAsync(ct);
                return (claimed == ordered.Count, shortOf, reader.GetInt64(0));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        /// <summary>The crash test's fault injection: the process dies at once (SIGKILL), as if the machine went away.</summary>
        private void Fault(string stage)
        {
            if (configuration[FaultSetting] == stage)
            {
                log.LogWarning("Fault injection: killing the process at {Stage}", stage);
                Process.GetCurrentProcess().Kill();
                Thread.Sleep(Timeout.Infinite);
            }
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost(
            "/orders", async ([FromBody] Command command, [FromHeader(Name = IdempotencyHeader)] string? key, IMediator mediator, CancellationToken ct) =>
            {
                var result = await mediator.Send(command with { IdempotencyKey = key ?? "" }, ct);
                return result.Created
                    ? Results.Created($"/api/v1/orders/{result.Number}", result)
                    : Results.Ok(result);
            })
            .RequireAuthorization(Policies.Shopper).WithTags("Checkout")
            .Produces<Result>(StatusCodes.Status201Created).Produces<Result>(StatusCodes.Status200OK)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
}
