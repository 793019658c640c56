using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Promotions.Admin;

/// <summary>The store's 限时折扣 (time-limited discounts on chosen products or SKUs), newest first.</summary>
public static class ListItemDiscounts
{
    public sealed record Query : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(
        Guid Id,
        string Name,
        ItemDiscountKind Kind,
        decimal Value,
        IReadOnlyList<Guid> ProductIds,
        IReadOnlyList<Guid> SkuIds,
        DateTimeOffset StartsAt,
        DateTimeOffset EndsAt,
        bool IsEnabled,
        string Summary)
    {
        internal static Row From(ItemDiscount d) => new(d.Id, d.Name, d.Kind, d.Value, [.. d.ProductIds], [.. d.SkuIds], d.StartsAt, d.EndsAt, d.IsEnabled,
            d.Kind == ItemDiscountKind.Rate ? PricingEngine.Rate(d.Value) : $"¥{d.Value:0.00}");
    }

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            var discounts = await db.ItemDiscounts.AsNoTracking().OrderByDescending(d => d.CreatedAt).ToListAsync(cancellationToken);
            return [.. discounts.Select(Row.From)];
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/promotions/item-discounts", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Marketing).WithTags("Admin promotions");
}
