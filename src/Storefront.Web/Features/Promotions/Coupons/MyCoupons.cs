using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Promotions.Coupons;

/// <summary>我的优惠券: the coupons the signed-in shopper holds, as usable (or not yet valid), used, or expired.</summary>
public static class MyCoupons
{
    public const int MaxCoupons = 200;

    public enum State
    {
        Usable,
        Used,
        Expired,
    }

    public sealed record Query(State? Filter = null) : IRequest<IReadOnlyList<Item>>;

    public sealed record Item(
        Guid Id,
        Guid CouponId,
        string Name,
        CouponKind Kind,
        decimal Value,
        decimal? Cap,
        decimal MinSpend,
        ScopeKind Scope,
        bool Stackable,
        CouponSource Source,
        DateTimeOffset ClaimedAt,
        DateTimeOffset ValidFrom,
        DateTimeOffset ValidUntil,
        DateTimeOffset? UsedAt,
        State State);

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Query, IReadOnlyList<Item>>
    {
        public async Task<IReadOnlyList<Item>> Handle(Query request, CancellationToken cancellationToken)
        {
            var shopperId = user.RequiredId;
            var now = clock.GetUtcNow();
            var rows = await (from s in db.ShopperCoupons.AsNoTracking()
                              join c in db.Coupons.AsNoTracking() on s.CouponId equals c.Id
                              where s.ShopperId == shopperId
                              orderby s.ValidUntil
                              select new { s, c }).Take(MaxCoupons).ToListAsync(cancellationToken);
            return [.. rows.Select(r => new Item(r.s.Id, r.c.Id, r.c.Name, r.c.Kind, r.c.Value, r.c.Cap, r.c.MinSpend, r.c.Scope, r.c.Stackable, r.s.Source,
                    r.s.ClaimedAt, r.s.ValidFrom, r.s.ValidUntil, r.s.UsedAt,
                    r.s.UsedOrderId is not null ? State.Used : now >= r.s.ValidUntil ? State.Expired : State.Usable))
                .Where(i => request.Filter is null || i.State == request.Filter)];
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/members/me/coupons", async ([FromQuery] State? state, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new Query(state), ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("Coupons");
}
