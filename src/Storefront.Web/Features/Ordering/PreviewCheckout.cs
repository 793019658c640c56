using System.Globalization;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;
using Storefront.Domain.Common;
using Storefront.Web.Features.Promotions;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// 结算预览: what placing the order now would cost, from the shopper's selected cart lines, re-priced by the
/// <see cref="PricingEngine"/> exactly as <see cref="PlaceOrder"/> prices them: each line (list price, discounts, what is
/// paid for it), subtotal, discounts, shipping and total, the shipping methods with their fee for this cart, and what
/// stands in the way of placing it (a SKU sold out or short, a product delisted, a price changed since it was added).
/// </summary>
public static class PreviewCheckout
{
    public sealed record Query : IRequest<Result>
    {
        /// <summary>The shipping method; none: the store's default.</summary>
        public Guid? ShippingTemplateId { get; set; }

        /// <summary>An address-book entry to ship to (checked to be the shopper's); the fee does not depend on it yet.</summary>
        public Guid? AddressId { get; set; }

        /// <summary>The coupon: empty or "best" (the one saving most), "none", or the id of a coupon the shopper holds.</summary>
        public string? Coupon { get; set; }

        /// <summary>Points to spend (none: 0; more than the order may take is lowered to what it may).</summary>
        public int? Points { get; set; }
    }

    public sealed record Result(
        IReadOnlyList<Line> Lines,
        IReadOnlyList<Adjustment> Adjustments,
        decimal Subtotal,
        decimal Discount,
        decimal ShippingFee,
        decimal Total,
        int WeightGrams,
        Guid? ShippingTemplateId,
        string ShippingMethod,
        IReadOnlyList<ShippingOption> ShippingOptions,
        IReadOnlyList<AddressOption> Addresses,
        IReadOnlyList<string> Problems)
    {
        /// <summary>True when nothing stands in the way of placing the order.</summary>
        public bool CanPlace => Lines.Count > 0 && Problems.Count == 0;

        /// <summary>The coupon choice priced ("best", "none" or a coupon id): what placing the order should send.</summary>
        public string CouponChoice { get; init; } = "best";

        /// <summary>The shopper's coupon used (null: none), and the one that saves most.</summary>
        public Guid? CouponId { get; init; }

        public Guid? RecommendedCouponId { get; init; }

        /// <summary>Every coupon the shopper holds with its saving on this order, or why it cannot be used; best first.</summary>
        public IReadOnlyList<CouponOption> CouponOptions { get; init; } = [];

        /// <summary>Why the coupon the shopper chose cannot be used (the order is priced without it).</summary>
        public string? CouponProblem { get; init; }

        /// <summary>"已享满200减50", "再买¥35.00可减50".</summary>
        public IReadOnlyList<PromotionHint> Hints { get; init; } = [];

        public int PointsBalance { get; init; }

        /// <summary>The most points this order may take; the points used and the yuan they pay.</summary>
        public int PointsUsable { get; init; }

        public int PointsUsed { get; init; }

        public decimal PointsDeduction { get; init; }

        /// <summary>Points per yuan (0: the store takes no points).</summary>
        public int PointsPerYuan { get; init; }

        /// <summary>The member tier priced in, and the shipping fee its free shipping waived.</summary>
        public string? MemberTier { get; init; }

        public decimal ShippingWaived { get; init; }
    }

    public sealed record Line(
        Guid SkuId,
        Guid ProductId,
        string ProductName,
        string ProductSlug,
        string SkuCode,
        string SpecText,
        string? Image,
        decimal UnitPrice,
        int Quantity,
        decimal Subtotal,
        decimal Discount,
        decimal Paid,
        IReadOnlyList<Adjustment> Adjustments,
        int Available,
        string? Note)
    {
        /// <summary>Why a promotion did not apply to the line (e.g. the flash sale's per-shopper limit).</summary>
        public IReadOnlyList<string> PromotionNotes { get; init; } = [];
    }

    public sealed record ShippingOption(Guid Id, string Name, decimal Fee, bool IsDefault);

    /// <summary>An entry of the shopper's address book to choose from, the default first.</summary>
    public sealed record AddressOption(Guid Id, string Name, string Phone, string Region, string Street, bool IsDefault);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator(StorefrontDb db, CurrentUser user)
        {
            RuleFor(q => q.ShippingTemplateId)
                .MustAsync(async (id, ct) => await db.ShippingTemplates.AnyAsync(t => t.Id == id && t.IsActive, ct))
                .When(q => q.ShippingTemplateId is not null).WithMessage(_ => OrderingText.CheckoutUnknownShipping);
            RuleFor(q => q.AddressId)
                .MustAsync(async (id, ct) => await db.Addresses.AnyAsync(a => a.Id == id && a.ShopperId == user.Id, ct))
                .When(q => q.AddressId is not null).WithMessage(_ => OrderingText.CheckoutUnknownAddress);
            RuleFor(q => q.Coupon).Must(c => ShopperPricing.ParseChoice(c) is not null).WithMessage(_ => OrderingText.CouponInvalid);
            RuleFor(q => q.Points).GreaterThanOrEqualTo(0).WithMessage(_ => OrderingText.PointsInvalid);
        }
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock, CatalogCache catalogCache) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var lines = await CheckoutBasket.SelectedLinesAsync(db, user.RequiredId, cancellationToken);
            var book = await db.Addresses.AsNoTracking().Where(a => a.ShopperId == user.RequiredId)
                .OrderByDescending(a => a.IsDefault).ThenByDescending(a => a.UpdatedAt).ToListAsync(cancellationToken);
            // The methods offered are those delivering to the chosen address (else the default one), while one is known.
            var shipTo = (book.FirstOrDefault(a => a.Id == request.AddressId) ?? book.FirstOrDefault())?.Address;
            var methods = CheckoutBasket.DeliveringTo(await CheckoutBasket.ShippingMethodsAsync(db, catalogCache, cancellationToken), shipTo);
            var shipping = CheckoutBasket.Choose(methods, request.ShippingTemplateId) ?? methods.FirstOrDefault();
            var now = clock.GetUtcNow();
            var pricing = lines.Take(Order.MaxLines).Select(l => l.Pricing).ToList();
            var choice = ShopperPricing.ParseChoice(request.Coupon)!;
            var loaded =
                await ShopperPricing.LoadAsync(
                    db, catalogCache, db.TenantId!.Value, user.RequiredId, pricing, now, choice, request.Points ?? 0, cancellationToken);
            string? couponProblem = null;
            PriceQuote quote;
            try
            {
                quote = PricingEngine.Price(new PricingRequest(pricing, shipping, now, loaded.Context));
            }
            catch (DomainException e) when (e.Code == "pricing.coupon")
            {
                // The chosen coupon cannot be used (any more): price without it and say why.
                couponProblem = string.Format(CultureInfo.CurrentCulture, OrderingText.CouponProblem, e.Message);
                choice = CouponChoice.None;
                quote = PricingEngine.Price(new PricingRequest(pricing, shipping, now, loaded.Context with { Coupon = choice }));
            }

            var goods = quote.Subtotal - quote.Discount;
            var options = methods.Select(m => new ShippingOption(m.Id, m.Name, lines.Count == 0 ? 0m : m.FeeFor(goods, quote.WeightGrams), m.IsDefault))
                .ToList();

            var addresses = book.Select(a => new AddressOption(a.Id, a.Address.Name, a.Address.Phone,
                $"{a.Address.Province} {a.Address.City} {a.Address.District}", a.Address.Street, a.IsDefault)).ToList();
            var problems = new List<string>();
            if (request.Points is > 0 and var asked && asked > loaded.Context.PointsBalance)
            {
                problems.Add(string.Format(CultureInfo.CurrentCulture, OrderingText.PointsMoreThanHeld, loaded.Context.PointsBalance, asked));
            }

            if (lines.Count == 0)
            {
                problems.Add(OrderingText.CheckoutEmpty);
            }
            else if (lines.Count > Order.MaxLines)
            {
                problems.Add(string.Format(CultureInfo.CurrentCulture, OrderingText.CheckoutTooManyLines, Order.MaxLines));
            }

            var views = lines.Take(Order.MaxLines).Select((l, i) =>
            {
                var note = Note(l);
                if (note is not null && (!l.IsListed || l.Available < l.Quantity))
                {
                    problems.Add($"{l.ProductName} {l.SpecText}: {note}".Replace(" :", ":", StringComparison.Ordinal));
                }

                var priced = quote.Lines[i];
                return new Line(l.SkuId, l.ProductId, l.ProductName, l.ProductSlug, l.SkuCode, l.SpecText, l.Image, priced.UnitPrice, priced.Quantity,
                    priced.Subtotal, priced.Discount, priced.Paid, priced.Adjustments, Math.Max(0, l.Available), note)
                {
                    PromotionNotes = priced.Notes,
                };
            }).ToList();
            var context = loaded.Context;
            return new Result(views, quote.OrderAdjustments, quote.Subtotal, quote.Discount, quote.ShippingFee, quote.Total, quote.WeightGrams,
                shipping?.Id, shipping?.Name ?? "", options, addresses, problems)
            {
                CouponChoice = choice.Mode switch
                {
                    CouponChoiceMode.None => "none",
                    CouponChoiceMode.Chosen => choice.ShopperCouponId!.Value.ToString(),
                    _ => "best",
                },
                CouponId = quote.CouponId,
                RecommendedCouponId = quote.RecommendedCouponId,
                CouponOptions = quote.CouponOptions,
                CouponProblem = couponProblem,
                Hints = quote.Hints,
                PointsBalance = context.PointsBalance,
                PointsUsable = quote.PointsUsable,
                PointsUsed = quote.PointsUsed,
                PointsDeduction = quote.PointsDeduction,
                PointsPerYuan = context.Points is { CapPercent: > 0 } rules ? rules.PointsPerYuan : 0,
                MemberTier = context.Member?.TierName,
                ShippingWaived = quote.ShippingWaived,
            };
        }

        private static string? Note(CheckoutBasket.Line line) =>
            !line.IsListed ? OrderingText.CheckoutProductUnavailable
            : line.Available <= 0 ? OrderingText.CheckoutSoldOut
            : line.Available < line.Quantity ? string.Format(CultureInfo.CurrentCulture, OrderingText.CheckoutOnlyNLeft, line.Available)
            : line.UnitPrice != line.PriceWhenAdded ? string.Format(
                CultureInfo.CurrentCulture, OrderingText.CheckoutPriceChanged, line.PriceWhenAdded.ToString("0.00", CultureInfo.InvariantCulture))
            : null;
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost(
            "/checkout/preview", async ([FromBody] Query query, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(query, ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("Checkout").ProducesValidationProblem();
}
