using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Promotions.Admin;

/// <summary>The store's 满减 / 满折 promotions, newest first, live or not (an operator's list).</summary>
public static class ListOrderPromotions
{
    public sealed record Query : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(
        Guid Id,
        string Name,
        OrderPromotionKind Kind,
        ThresholdKind Threshold,
        IReadOnlyList<PromotionTier> Tiers,
        ScopeKind Scope,
        IReadOnlyList<Guid> ScopeIds,
        bool StacksWithCoupons,
        DateTimeOffset StartsAt,
        DateTimeOffset EndsAt,
        bool IsEnabled,
        string Summary)
    {
        internal static Row From(OrderPromotion p)
        {
            var rule = p.ToRule();
            var summary = string.Join("，", p.Tiers.Select(t => PricingEngine.Describe(rule, t)));
            return new(
                p.Id, p.Name, p.Kind, p.Threshold, [.. p.Tiers], p.Scope, [.. p.ScopeIds], p.StacksWithCoupons, p.StartsAt, p.EndsAt, p.IsEnabled, summary);
        }
    }

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            var promotions = await db.OrderPromotions.AsNoTracking().OrderByDescending(p => p.CreatedAt).ToListAsync(cancellationToken);
            return [.. promotions.Select(Row.From)];
        }
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/admin/promotions/order-promotions", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Marketing).WithTags("Admin promotions");
        api.MapGet("/admin/promotions/order-promotions/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) =>
                (await m.Send(new Query(), ct)).SingleOrDefault(r => r.Id == id) is { } row
                    ? Results.Ok(row)
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: PromotionsText.NotFound))
            .RequireAuthorization(Policies.Marketing).WithTags("Admin promotions");
    }
}
