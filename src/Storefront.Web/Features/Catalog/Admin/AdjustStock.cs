using System.Text.Json;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Domain.Common;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>
/// A merchant changes a SKU's stock on hand, by a delta (inbound +20, damage -2) or, for a stock-take, to the counted
/// quantity. One conditional UPDATE changes it, so concurrent adjustments and orders can never drive it below what is
/// reserved or below zero: no read-then-write. Recorded as a stock adjustment (who, when, why, on hand after) and in the
/// audit log, in the command's transaction.
/// </summary>
public static class AdjustStock
{
    /// <summary>Bound on a single adjustment and on a count: a typo of extra digits is refused, not booked.</summary>
    public const int MaxQuantity = 1_000_000;

    public const int NoteMaxLength = 200;

    public sealed record Command : ICommand<Result>, IChangesCatalog
    {
        /// <summary>The SKU (from the route in the API).</summary>
        public Guid SkuId { get; set; }

        /// <summary>Change of on-hand stock: positive in, negative out. Give this or <see cref="CountedQuantity"/>.</summary>
        public int? Delta { get; set; }

        /// <summary>Stock-take: the quantity counted; the delta is what it differs from on hand at that moment.</summary>
        public int? CountedQuantity { get; set; }

        public StockReason Reason { get; set; }

        public string Note { get; set; } = "";
    }

    public sealed record Result(Guid SkuId, string Code, int Delta, int OnHand, int Reserved, int Available, int LowStockThreshold, bool IsLowStock);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.SkuId).NotEmpty();
            RuleFor(c => c.Delta).NotNull().WithMessage(_ => CatalogText.DeltaOrCountRequired).When(c => c.CountedQuantity is null);
            RuleFor(c => c.Delta).Null().WithMessage(_ => CatalogText.DeltaOrCountRequired).When(c => c.CountedQuantity is not null);
            RuleFor(c => c.Delta).NotEqual(0).WithMessage(_ => CatalogText.DeltaNotZero)
                .InclusiveBetween(-MaxQuantity, MaxQuantity).WithName(_ => CatalogText.Delta).When(c => c.Delta is not null);
            RuleFor(c => c.CountedQuantity).InclusiveBetween(0, MaxQuantity).WithName(_ => CatalogText.CountedQuantity);
            RuleFor(c => c.Reason).IsInEnum();
            RuleFor(c => c.Note).MaximumLength(NoteMaxLength).WithName(_ => CatalogText.Note);
        }
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var tenantId = tenant.RequiredId;
            var skuId = request.SkuId;
            var changed = request.Delta is { } delta
                ? await ChangeByAsync(db, tenantId, skuId, delta, cancellationToken)
                : await SetCountedAsync(db, tenantId, skuId, request.CountedQuantity!.Value, cancellationToken);
            if (changed is not { } outcome)
            {
                throw await RefusalAsync(request, cancellationToken);
            }

            var now = clock.GetUtcNow();
            var note = (request.Note ?? "").Trim();
            db.StockAdjustments.Add(StockAdjustment.Record(tenantId, skuId, outcome.Delta, outcome.OnHand, request.Reason, note, user.Id, now));
            db.AuditLog.Add(AuditEntry.Record(tenantId, user.Id, "stock.adjusted", skuId.ToString(), JsonSerializer.Serialize(new
            {
                outcome.Code,
                outcome.Delta,
                OnHandAfter = outcome.OnHand,
                Reason = request.Reason.ToString(),
                request.CountedQuantity,
                Note = note,
            }), now));
            var available = outcome.OnHand - outcome.Reserved;
            return new Result(skuId, outcome.Code, outcome.Delta, outcome.OnHand, outcome.Reserved, available, outcome.LowStockThreshold,
                available <= outcome.LowStockThreshold);
        }

        /// <summary>Why the UPDATE changed nothing: no such SKU here (404), or the rule refuses (400). Only explains; writes nothing.</summary>
        private async Task<Exception> RefusalAsync(Command request, CancellationToken ct)
        {
            var sku = await db.Skus.AsNoTracking().SingleOrDefaultAsync(s => s.Id == request.SkuId, ct);
            if (sku is null)
            {
                return new NotFoundException("sku", CatalogText.SkuNotFound);
            }

            var delta = request.Delta ?? (long)request.CountedQuantity!.Value - sku.OnHand;
            if (delta == 0)
            {
                return new DomainException("stock.unchanged", CatalogText.CountMatchesOnHand);
            }

            try
            {
                sku.OnHandAfter((int)Math.Clamp(delta, int.MinValue, int.MaxValue));
            }
            catch (DomainException refused)
            {
                // The domain's rule decides; the message says which limit, in the merchant's language.
                var after = sku.OnHand + delta;
                return new DomainException(refused.Code, after < 0
                    ? string.Format(CatalogText.StockNotEnough, sku.OnHand, -delta)
                    : string.Format(CatalogText.StockBelowReserved, after, sku.Reserved));
            }

            // It would pass now: the stock moved between the UPDATE and this read.
            return new DomainException("stock.moved", CatalogText.StockMovedRetry, isConflict: true);
        }
    }

    /// <summary>
    /// Adds <paramref name="delta"/> to on hand in one conditional UPDATE; null when the SKU is not the store's or the
    /// result would fall below what is reserved (so below zero). A row lock serialises concurrent changes, and each
    /// re-checks the condition against the row as the one before it left it: no read-then-write.
    /// </summary>
    internal static async Task<Outcome?> ChangeByAsync(StorefrontDb db, Guid tenantId, Guid skuId, int delta, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<Outcome>($"""
            update skus set on_hand = on_hand + {delta}
            where tenant_id = {tenantId} and id = {skuId}
              and on_hand::bigint + {delta} >= reserved and on_hand::bigint + {delta} <= {int.MaxValue}
            returning code as "Code", {delta} as "Delta", on_hand as "OnHand", reserved as "Reserved",
                      low_stock_threshold as "LowStockThreshold", product_id as "ProductId"
            """).ToListAsync(ct);
        return Changed(db, rows.SingleOrDefault());
    }

    /// <summary>
    /// Stock-take: sets on hand to the counted quantity in one statement; null when the SKU is not the store's, the count
    /// is below what is reserved, or it equals on hand. The CTE locks the row and reads on hand as of the lock, so the
    /// delta recorded is the difference at that moment, even when an order or another adjustment got there first.
    /// </summary>
    internal static async Task<Outcome?> SetCountedAsync(StorefrontDb db, Guid tenantId, Guid skuId, int counted, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<Outcome>($"""
            with current_row as (
                select id, on_hand from skus where tenant_id = {tenantId} and id = {skuId} for update)
            update skus s set on_hand = {counted}
            from current_row c
            where s.tenant_id = {tenantId} and s.id = c.id and {counted} >= s.reserved and c.on_hand <> {counted}
            returning s.code as "Code", {counted} - c.on_hand as "Delta", s.on_hand as "OnHand", s.reserved as "Reserved",
                      s.low_stock_threshold as "LowStockThreshold", s.product_id as "ProductId"
            """).ToListAsync(ct);
        return Changed(db, rows.SingleOrDefault());
    }

    /// <summary>The SKU's product changed behind the change tracker's back: the commit announces it (the search index reloads it).</summary>
    private static Outcome? Changed(StorefrontDb db, Outcome? outcome)
    {
        if (outcome is not null)
        {
            db.ChangedProducts.Add(outcome.ProductId);
        }

        return outcome;
    }

    /// <summary>What the UPDATE … RETURNING gives back.</summary>
    internal sealed class Outcome
    {
        public string Code { get; set; } = "";

        public int Delta { get; set; }

        public int OnHand { get; set; }

        public int Reserved { get; set; }

        public int LowStockThreshold { get; set; }

        public Guid ProductId { get; set; }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/catalog/skus/{id:guid}/stock", async (Guid id, [FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command with { SkuId = id }, ct)))
            .RequireAuthorization(Policies.Catalog).WithTags("Admin catalog")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
