using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Promotions.Admin;

/// <summary>
/// What the promotion forms offer to choose from: the store's categories, products (newest 1000) and their SKUs with
/// their prices (newest 2000), for scopes, 限时折扣, flash sales and the preview. A SKU's label is the product name,
/// its spec values, price and code (the code last, still there to filter by).
/// </summary>
public static class ListPromotionTargets
{
    public const int MaxProducts = 1000;
    public const int MaxSkus = 2000;

    public sealed record Query : IRequest<Targets>;

    public sealed record Option(Guid Id, string Label);

    public sealed record SkuOption(Guid Id, Guid ProductId, string Label, decimal Price);

    public sealed record Targets(IReadOnlyList<Option> Categories, IReadOnlyList<Option> Products, IReadOnlyList<SkuOption> Skus);

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, Targets>
    {
        public async Task<Targets> Handle(Query request, CancellationToken cancellationToken)
        {
            var categories = await db.Categories.AsNoTracking().OrderBy(c => c.Level).ThenBy(c => c.Position).ThenBy(c => c.Name)
                .Select(c => new Option(c.Id, c.Name)).ToListAsync(cancellationToken);
            var products = await db.Products.AsNoTracking().OrderByDescending(p => p.CreatedAt).Take(MaxProducts)
                .Select(p => new Option(p.Id, p.Name)).ToListAsync(cancellationToken);
            var skus = await (from s in db.Skus.AsNoTracking()
                              join p in db.Products.AsNoTracking() on s.ProductId equals p.Id
                              orderby p.CreatedAt descending, s.Code
                              select new { s.Id, s.ProductId, p.Name, s.Code, s.SpecValues, s.Price }).Take(MaxSkus).ToListAsync(cancellationToken);
            var options = skus.Select(s => new SkuOption(s.Id, s.ProductId, $"{SkuName(s.Name, s.SpecValues)} · ¥{s.Price:0.00} · {s.Code}", s.Price));
            return new Targets(categories, products, [.. options]);
        }
    }

    /// <summary>A SKU as staff recognise it: the product's name and its spec values (红 / M), not its code alone.</summary>
    public static string SkuName(string productName, IReadOnlyList<string> specValues) =>
        specValues.Count == 0 ? productName : $"{productName} · {string.Join(" / ", specValues)}";

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/promotions/targets", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Marketing).WithTags("Admin promotions");
}
