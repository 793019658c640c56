using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Promotions.Flash;

/// <summary>
/// 限时秒杀 on the storefront: the live and upcoming sessions (enabled, not yet ended), soonest first, each SKU with its
/// product, ordinary and flash price and the quota left. With a product: only that product's SKUs (for its page). The
/// answer is read fresh on every request (never output-cached): a session starts, ends or sells out on its own. The image
/// is a URL (stored names are served under /media/), like the catalog's.
/// </summary>
public static class ListFlashSales
{
    public const int MaxSessions = 20;

    public enum Phase
    {
        Live,
        Upcoming,
    }

    public sealed record Query(Guid? ProductId = null) : IRequest<IReadOnlyList<Session>>;

    public sealed record Session(
        Guid Id, string Name, DateTimeOffset StartsAt, DateTimeOffset EndsAt, Phase Phase, DateTimeOffset Now, IReadOnlyList<Item> Items);

    public sealed record Item(Guid Id, Guid ProductId, string ProductSlug, string ProductName, string? Image, Guid SkuId, string SkuCode, string SpecText,
        decimal ListPrice, decimal FlashPrice, int Quota, int Left, int PerShopperLimit)
    {
        public bool SoldOut => Left <= 0;
    }

    internal sealed class Handler(StorefrontDb db, TimeProvider clock) : IRequestHandler<Query, IReadOnlyList<Session>>
    {
        public async Task<IReadOnlyList<Session>> Handle(Query request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var sales = db.FlashSales.AsNoTracking().Where(s => s.IsEnabled && s.EndsAt > now);
            if (request.ProductId is { } productId)
            {
                sales = sales.Where(s => s.Items.Any(i => i.ProductId == productId));
            }

            var sessions = await sales.OrderBy(s => s.StartsAt).Take(MaxSessions).ToListAsync(cancellationToken);
            var skuIds = sessions.SelectMany(s => s.Items).Select(i => i.SkuId).Distinct().ToList();
            var skus = await (from k in db.Skus.AsNoTracking()
                              join p in db.Products.AsNoTracking() on k.ProductId equals p.Id
                              where skuIds.Contains(k.Id)
                              select new { k.Id, k.Code, k.SpecValues, k.Price, k.Image, p.Slug, p.Name, p.Images })
                .ToDictionaryAsync(k => k.Id, cancellationToken);
            return [.. sessions.Select(s => new Session(s.Id, s.Name, s.StartsAt, s.EndsAt, s.StartsAt <= now ? Phase.Live : Phase.Upcoming, now,
                    [.. s.Items.Where(i => skus.ContainsKey(i.SkuId) && (request.ProductId is null || i.ProductId == request.ProductId))
                        .OrderBy(i => skus[i.SkuId].Name).ThenBy(i => skus[i.SkuId].Code)
                        .Select(i =>
                        {
                            var k = skus[i.SkuId];
                            var image = Catalog.ProductImages.Url(k.Image ?? k.Images.FirstOrDefault());
                            return new Item(
                                i.Id, i.ProductId, k.Slug, k.Name, image, i.SkuId, k.Code, string.Join(" / ", k.SpecValues),
                                k.Price, i.FlashPrice, i.Quota, i.Left, i.PerShopperLimit);
                        })]))
                .Where(s => s.Items.Count > 0)];
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/promotions/flash-sales", async ([FromQuery] Guid? productId, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.Ok(await mediator.Send(new Query(productId), ct));
            })
            .WithTags("Flash sales");
}
