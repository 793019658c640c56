using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Promotions.Coupons;

/// <summary>
/// 领券中心: the coupons a shopper may claim now (claimable, enabled, not expired), with what is left and, for a
/// signed-in shopper, how many they hold and whether they can still claim one. With a product: only the coupons that
/// cover it (whole store, the product, or its category or an ancestor of it).
/// </summary>
public static class ListCoupons
{
    public const int MaxCoupons = 100;

    public sealed record Query(Guid? ProductId = null) : IRequest<IReadOnlyList<Item>>;

    public sealed record Item(
        Guid Id,
        string Name,
        CouponKind Kind,
        decimal Value,
        decimal? Cap,
        decimal MinSpend,
        ScopeKind Scope,
        bool Stackable,
        CouponValidity Validity,
        DateTimeOffset? ValidFrom,
        DateTimeOffset? ValidUntil,
        int? ValidDays,
        int Left,
        int PerShopperLimit,
        int Held,
        bool CanClaim);

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Query, IReadOnlyList<Item>>
    {
        public async Task<IReadOnlyList<Item>> Handle(Query request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var coupons = await db.Coupons.AsNoTracking()
                .Where(c => c.Claimable && c.IsEnabled && (c.Validity == CouponValidity.DaysFromClaim || c.ValidUntil > now))
                .OrderBy(c => c.CreatedAt).Take(MaxCoupons).ToListAsync(cancellationToken);
            if (request.ProductId is { } productId)
            {
                var categoryId = await db.Products.Where(p => p.Id == productId).Select(p => p.CategoryId).FirstOrDefaultAsync(cancellationToken);
                var ancestors = new HashSet<Guid>();
                if (categoryId is not null)
                {
                    var parents = await db.Categories.AsNoTracking()
                        .Select(c => new { c.Id, c.ParentId })
                        .ToDictionaryAsync(c => c.Id, c => c.ParentId, cancellationToken);
                    for (Guid? at = categoryId; at is { } id && ancestors.Add(id);)
                    {
                        at = parents.GetValueOrDefault(id);
                    }
                }

                coupons = [.. coupons.Where(c => c.Scope switch
                {
                    ScopeKind.Store => true,
                    ScopeKind.Categories => c.ScopeIds.Any(ancestors.Contains),
                    _ => c.ScopeIds.Contains(productId),
                })];
            }

            var held = new Dictionary<Guid, int>();
            if (user.Id is { } shopperId && coupons.Count > 0)
            {
                var ids = coupons.Select(c => c.Id).ToList();
                held = await db.ShopperCoupons.Where(s => s.ShopperId == shopperId && ids.Contains(s.CouponId))
                    .GroupBy(s => s.CouponId).Select(g => new { g.Key, Count = g.Count() })
                    .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
            }

            return [.. coupons.Select(c =>
            {
                var mine = held.GetValueOrDefault(c.Id);
                return new Item(c.Id, c.Name, c.Kind, c.Value, c.Cap, c.MinSpend, c.Scope, c.Stackable, c.Validity, c.ValidFrom, c.ValidUntil, c.ValidDays,
                    c.Left, c.PerShopperLimit, mine, c.Left > 0 && mine < c.PerShopperLimit);
            })];
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/coupons", async ([FromQuery] Guid? productId, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new Query(productId), ct)))
            .WithTags("Coupons");
}
