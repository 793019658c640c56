using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Promotions.Admin;

/// <summary>The store's coupon definitions (优惠券), newest first, with how many were issued and used.</summary>
public static class ListCoupons
{
    public sealed record Query : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(
        Guid Id,
        string Name,
        CouponKind Kind,
        decimal Value,
        decimal? Cap,
        decimal MinSpend,
        ScopeKind Scope,
        IReadOnlyList<Guid> ScopeIds,
        bool Stackable,
        CouponValidity Validity,
        DateTimeOffset? ValidFrom,
        DateTimeOffset? ValidUntil,
        int? ValidDays,
        int TotalQuantity,
        int Issued,
        int PerShopperLimit,
        bool Claimable,
        bool ForNewMembers,
        bool IsEnabled,
        int Used,
        string Summary)
    {
        internal static Row From(Coupon c, int used = 0) => new(c.Id, c.Name, c.Kind, c.Value, c.Cap, c.MinSpend, c.Scope, [.. c.ScopeIds],
            c.Stackable, c.Validity, c.ValidFrom, c.ValidUntil, c.ValidDays, c.TotalQuantity, c.Issued, c.PerShopperLimit, c.Claimable,
            c.ForNewMembers, c.IsEnabled, used, Describe(c));

        /// <summary>满100减20, 9折 最高减30, 无门槛减5.</summary>
        public static string Describe(Coupon c)
        {
            var off = c.Kind == CouponKind.Amount
                ? $"减{c.Value:0.##}"
                : PricingEngine.Rate(c.Value) + (c.Cap is { } cap ? $" 最高减{cap:0.##}" : "");
            return c.MinSpend > 0 ? $"满{c.MinSpend:0.##}{off}" : $"无门槛{off}";
        }
    }

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            var coupons = await db.Coupons.AsNoTracking().OrderByDescending(c => c.CreatedAt).ToListAsync(cancellationToken);
            var used = await db.ShopperCoupons.AsNoTracking().Where(s => s.UsedOrderId != null)
                .GroupBy(s => s.CouponId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
            return [.. coupons.Select(c => Row.From(c, used.GetValueOrDefault(c.Id)))];
        }
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/admin/promotions/coupons", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Marketing).WithTags("Admin promotions");
        api.MapGet("/admin/promotions/coupons/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) =>
                (await m.Send(new Query(), ct)).SingleOrDefault(r => r.Id == id) is { } row
                    ? Results.Ok(row)
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: PromotionsText.NotFound))
            .RequireAuthorization(Policies.Marketing).WithTags("Admin promotions");
    }
}
