using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;
using Storefront.Web.Features.Ordering;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Promotions.Admin;

/// <summary>
/// The operator's preview (试算): a cart of SKUs and quantities, a member tier, a coupon definition, points held and to
/// use, and a moment (default now). Every enabled promotion of the store is handed to the engine with its own period,
/// so one scheduled for next week prices a preview set at next week; flash items with their quota left and no units
/// bought yet. Changes nothing.
/// </summary>
public static class PreviewPricing
{
    public sealed class LineInput
    {
        public Guid SkuId { get; set; }

        public int Quantity { get; set; } = 1;
    }

    public sealed record Query : IRequest<Result>
    {
        public List<LineInput> Lines { get; set => field = [.. (value ?? []).Where(x => x is not null)]; } = [];

        public Guid? TierId { get; set; }

        /// <summary>A coupon definition: the preview prices it as if the shopper held a copy valid at the moment.</summary>
        public Guid? CouponId { get; set; }

        public int PointsBalance { get; set; }

        public int PointsToUse { get; set; }

        /// <summary>The moment to price at; null: now.</summary>
        public DateTimeOffset? At { get; set; }

        public Guid? ShippingTemplateId { get; set; }
    }

    public sealed record Line(Guid SkuId, string ProductName, string SkuCode, PricedLine Priced, string SpecText = "");

    public sealed record Result(DateTimeOffset At, IReadOnlyList<Line> Lines, PriceQuote Quote);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator(StorefrontDb db)
        {
            RuleFor(q => q.Lines)
                .Must(l => l is { Count: > 0 and <= Order.MaxLines })
                .WithMessage(_ => string.Format(PromotionsText.PreviewLines, Order.MaxLines));
            RuleFor(q => q.Lines).Must(l => l.All(x => x.Quantity is >= 1 and <= 999)).WithMessage(_ => PromotionsText.PreviewQuantity);
            RuleFor(q => q.Lines).MustAsync(async (lines, ct) =>
                {
                    var ids = lines.Select(l => l.SkuId).Distinct().ToList();
                    return await db.Skus.CountAsync(s => ids.Contains(s.Id), ct) == ids.Count;
                })
                .When(q => q.Lines is { Count: > 0 and <= Order.MaxLines }).WithMessage(_ => PromotionsText.ScopeUnknown);
            RuleFor(q => q.TierId).MustAsync(async (id, ct) => await db.MemberTiers.AnyAsync(t => t.Id == id, ct))
                .When(q => q.TierId is not null).WithMessage(_ => PromotionsText.NotFound);
            RuleFor(q => q.CouponId).MustAsync(async (id, ct) => await db.Coupons.AnyAsync(c => c.Id == id, ct))
                .When(q => q.CouponId is not null).WithMessage(_ => PromotionsText.NotFound);
            RuleFor(q => q.At).Must(at => PromotionAdmin.IsSensibleTime(at!.Value)).When(q => q.At is not null).WithMessage(_ => PromotionsText.TimeRule);
            RuleFor(q => q.PointsBalance).InclusiveBetween(0, 100_000_000).WithMessage(_ => PromotionsText.PointsRule);
            RuleFor(q => q.PointsToUse).InclusiveBetween(0, 100_000_000).WithMessage(_ => PromotionsText.PointsRule);
        }
    }

    internal sealed class Handler(StorefrontDb db, TimeProvider clock, CatalogCache catalogCache) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var at = request.At?.ToUniversalTime() ?? clock.GetUtcNow();
            var ids = request.Lines.Select(l => l.SkuId).Distinct().ToList();
            var skus = await (from s in db.Skus.AsNoTracking()
                              join p in db.Products.AsNoTracking() on s.ProductId equals p.Id
                              where ids.Contains(s.Id)
                              select new { s.Id, s.ProductId, p.CategoryId, p.Name, s.Code, s.SpecValues, s.Price, s.WeightGrams })
                                  .ToDictionaryAsync(s => s.Id, cancellationToken);
            var lines = request.Lines.Select(l => (Input: l, Sku: skus[l.SkuId])).ToList();

            var descendants = await CategoryDescendantsAsync(cancellationToken);
            HashSet<Guid> Expand(ScopeKind kind, IEnumerable<Guid> scope) => kind == ScopeKind.Categories
                ? [.. scope.SelectMany(c => descendants.GetValueOrDefault(c) ?? [c])]
                : [.. scope];

            var discounts = await db.ItemDiscounts.AsNoTracking().Where(d => d.IsEnabled).ToListAsync(cancellationToken);
            var sales = await db.FlashSales.AsNoTracking().Where(s => s.IsEnabled).ToListAsync(cancellationToken);
            var promotions = await db.OrderPromotions.AsNoTracking().Where(p => p.IsEnabled).ToListAsync(cancellationToken);
            var tier = request.TierId is { } tierId ? await db.MemberTiers.AsNoTracking().SingleAsync(t => t.Id == tierId, cancellationToken) : null;
            var storeId = db.TenantId!.Value;
            var programme = (await db.Stores.AsNoTracking().SingleAsync(s => s.Id == storeId, cancellationToken)).MemberProgramme;
            var coupons = new List<CouponOffer>();
            if (request.CouponId is { } couponId)
            {
                var c = await db.Coupons.AsNoTracking().SingleAsync(x => x.Id == couponId, cancellationToken);
                var (from, until) = c.Validity == CouponValidity.FixedDates ? (c.ValidFrom!.Value, c.ValidUntil!.Value) : (at, at.AddDays(c.ValidDays ?? 1));
                coupons.Add(
                    new CouponOffer(
                        c.Id, c.Id, c.Name, c.Kind, c.Value, c.Cap, c.MinSpend, new PromotionScope(c.Scope, Expand(c.Scope, c.ScopeIds)), c.Stackable, from,
                        until));
            }

            var context = new PricingContext(
                tier?.ToBenefits(),
                [.. discounts.Select(d => d.ToRule())],
                [.. sales.SelectMany(s => s.Items.Where(i => ids.Contains(i.SkuId)).Select(i => s.ToRule(i, 0)))],
                [.. promotions.Select(p => p.ToRule(Expand(p.Scope, p.ScopeIds)))],
                coupons,
                request.CouponId is { } chosen ? CouponChoice.Of(chosen) : CouponChoice.None,
                programme.Redemption,
                request.PointsBalance,
                Math.Min(request.PointsToUse, request.PointsBalance));
            var methods = await CheckoutBasket.ShippingMethodsAsync(db, catalogCache, cancellationToken);
            var shipping = CheckoutBasket.Choose(methods, request.ShippingTemplateId);
            var quote = PricingEngine.Price(new PricingRequest(
                [.. lines.Select(l => new PricingLine(l.Sku.Id, l.Sku.ProductId, l.Sku.CategoryId, l.Sku.Price, l.Input.Quantity, l.Sku.WeightGrams))],
                shipping, at, context));
            return new Result(
                at, [.. lines.Select((l, i) => new Line(l.Sku.Id, l.Sku.Name, l.Sku.Code, quote.Lines[i], string.Join(" / ", l.Sku.SpecValues)))], quote);
        }

        /// <summary>Each category with itself and every category below it.</summary>
        private async Task<Dictionary<Guid, List<Guid>>> CategoryDescendantsAsync(CancellationToken ct)
        {
            var parents = await db.Categories.AsNoTracking().Select(c => new { c.Id, c.ParentId }).ToListAsync(ct);
            var children = parents.Where(c => c.ParentId is not null).ToLookup(c => c.ParentId!.Value, c => c.Id);
            var result = new Dictionary<Guid, List<Guid>>();
            foreach (var category in parents)
            {
                var all = new List<Guid>();
                var stack = new Stack<Guid>([category.Id]);
                while (stack.TryPop(out var id))
                {
                    all.Add(id);
                    foreach (var child in children[id])
                    {
                        stack.Push(child);
                    }
                }

                result[category.Id] = all;
            }

            return result;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/promotions/preview", async ([FromBody] Query query, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(query, ct)))
            .RequireAuthorization(Policies.Marketing).WithTags("Admin promotions").ProducesValidationProblem();
}
