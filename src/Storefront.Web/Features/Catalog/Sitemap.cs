using System.Globalization;
using System.Xml;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Catalog;

/// <summary>
/// /sitemap.xml and /robots.txt of each store, on the store's own host: the home page, every category and every
/// listed product (never drafts or delisted ones, never another store's). Past 50,000 addresses (the protocol's limit
/// per file) /sitemap.xml becomes an index of /sitemap.xml?page=N parts.
/// </summary>
public static class Sitemap
{
    public const int PageSize = 50_000;

    public sealed record Query(int Page) : IRequest<Result>;

    /// <summary>One part's entries and <c>Pages</c>, how many parts the store's sitemap has (1 for all but the largest stores).</summary>
    public sealed record Result(IReadOnlyList<Entry> Entries, int Pages);

    public sealed record Entry(string Path, DateTimeOffset? LastModified);

    internal sealed class Handler(CatalogReads reads) : IRequestHandler<Query, Result>
    {
        /// <summary>The replica when it serves this read (<see cref="CatalogReads"/>), else the primary.</summary>
        private StorefrontDb Db => reads.Db;

        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            await Db.Database.OpenConnectionAsync(cancellationToken);
            var listed = Db.Products.AsNoTracking().Where(p => p.Status == ProductStatus.Listed);
            var categories = await Db.Categories.AsNoTracking().OrderBy(c => c.Level).ThenBy(c => c.Position)
                .Select(c => new Entry("/c/" + c.Slug, c.UpdatedAt)).ToListAsync(cancellationToken);
            var fixedEntries = new List<Entry> { new("/", null) };
            fixedEntries.AddRange(categories);

            var products = await listed.CountAsync(cancellationToken);
            var pages = Math.Max(1, (fixedEntries.Count + products + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);

            // Part 1 starts with the home page and the categories; products fill the rest, in a stable order.
            var skip = Math.Max(0, ((page - 1) * PageSize) - fixedEntries.Count);
            var take = page == 1 ? PageSize - fixedEntries.Count : PageSize;
            var entries = page == 1 ? fixedEntries : [];
            entries.AddRange(await listed.OrderBy(p => p.Id).Skip(skip).Take(Math.Max(0, take))
                .Select(p => new Entry("/p/" + p.Slug, p.UpdatedAt)).ToListAsync(cancellationToken));
            return new Result(entries, pages);
        }
    }

    /// <summary>Maps /sitemap.xml and /robots.txt (outside the API: crawlers look for them there).</summary>
    public static void MapSeo(IEndpointRouteBuilder app)
    {
        app.MapGet("/sitemap.xml", async (HttpContext context, TenantContext tenant, IMediator mediator, int? page, CancellationToken ct) =>
        {
            if (tenant.Store is null)
            {
                return Results.NotFound();
            }

            var origin = Origin(context.Request);
            var result = await mediator.Send(new Query(page ?? 1), ct);
            context.Response.ContentType = "application/xml; charset=utf-8";
            context.Response.Headers.CacheControl = "public, max-age=600";
            await using var xml =
                XmlWriter.Create(context.Response.Body, new XmlWriterSettings { Async = true, Indent = false, Encoding = new System.Text.UTF8Encoding(false) });
            const string ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
            await xml.WriteStartDocumentAsync();
            if (page is null && result.Pages > 1)
            {
                await xml.WriteStartElementAsync(null, "sitemapindex", ns);
                for (var i = 1; i <= result.Pages; i++)
                {
                    await xml.WriteStartElementAsync(null, "sitemap", ns);
                    await xml.WriteElementStringAsync(null, "loc", ns, $"{origin}/sitemap.xml?page={i.ToString(CultureInfo.InvariantCulture)}");
                    await xml.WriteEndElementAsync();
                }
            }
            else
            {
                await xml.WriteStartElementAsync(null, "urlset", ns);
                foreach (var entry in result.Entries)
                {
                    await xml.WriteStartElementAsync(null, "url", ns);
                    await xml.WriteElementStringAsync(null, "loc", ns, origin + entry.Path);
                    if (entry.LastModified is { } modified)
                    {
                        await xml.WriteElementStringAsync(null, "lastmod", ns, modified.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    }

                    await xml.WriteEndElementAsync();
                }
            }

            await xml.WriteEndElementAsync();
            await xml.WriteEndDocumentAsync();
            return Results.Empty;
        }).ExcludeFromDescription();

        app.MapGet("/robots.txt", (HttpContext context, TenantContext tenant) =>
        {
            if (tenant.Store is null)
            {
                return Results.Text("User-agent: *\nDisallow: /\n", "text/plain");
            }

            var origin = Origin(context.Request);
            return Results.Text(
                "User-agent: *\n" +
                "Disallow: /admin\n" +
                "Disallow: /account\n" +
                "Disallow: /api/\n" +
                "Disallow: /search\n" +
                "Allow: /\n" +
                $"Sitemap: {origin}/sitemap.xml\n",
                "text/plain");
        }).ExcludeFromDescription();
    }

    /// <summary>The address the visitor used (scheme and host of this store, custom domain included).</summary>
    private static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host.Value}";
}
