using System.Globalization;
using System.Text;
using CsvHelper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>
/// Every product and SKU of the store as CSV (<see cref="ProductCsv"/>): one row per SKU, oldest product first, a
/// product's SKUs in the order of its spec grid, so that importing the file recreates the same products.
/// </summary>
public static class ExportProductsCsv
{
    /// <summary>Writes the CSV to <paramref name="Destination"/> (left open); answers the number of SKU rows.</summary>
    public sealed record Query(Stream Destination) : IRequest<int>;

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, int>
    {
        public async Task<int> Handle(Query request, CancellationToken cancellationToken)
        {
            var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Slug, cancellationToken);

            await using var writer = new StreamWriter(request.Destination, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true);
            await using var csv = new CsvWriter(writer, ProductCsv.Configuration());
            foreach (var column in ProductCsv.Columns)
            {
                csv.WriteField(column);
            }

            await csv.NextRecordAsync();

            // One streamed query (rows of a product arrive together), so memory stays flat at 400,000 SKUs.
            var rows = from s in db.Skus.AsNoTracking()
                       join p in db.Products.AsNoTracking() on s.ProductId equals p.Id
                       orderby p.CreatedAt, p.Id
                       select new SkuRow(p.Id, p.Slug, p.Name, p.Brand, p.CategoryId, p.Status, p.Specs,
                           s.Code, s.SpecValues, s.Price, s.MarketPrice, s.OnHand, s.LowStockThreshold, s.WeightGrams);

            var count = 0;
            var product = new List<SkuRow>();
            await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                if (product.Count > 0 && product[0].ProductId != row.ProductId)
                {
                    count += await WriteProductAsync(csv, product, categories);
                    product.Clear();
                }

                product.Add(row);
            }

            count += await WriteProductAsync(csv, product, categories);
            await csv.FlushAsync();
            return count;
        }

        private static async Task<int> WriteProductAsync(CsvWriter csv, List<SkuRow> skus, Dictionary<Guid, string> categories)
        {
            if (skus.Count == 0)
            {
                return 0;
            }

            var specs = skus[0].Specs;
            foreach (var sku in skus.OrderBy(s => GridPosition(specs, s.SpecValues)))
            {
                csv.WriteField(sku.Slug);
                csv.WriteField(sku.Name);
                csv.WriteField(sku.Brand ?? "");
                csv.WriteField(sku.CategoryId is { } id ? categories.GetValueOrDefault(id, "") : "");
                csv.WriteField(sku.Status.ToString());
                csv.WriteField(ProductCsv.FormatSpecs(specs, sku.SpecValues));
                csv.WriteField(sku.Code);
                csv.WriteField(ProductCsv.FormatMoney(sku.Price));
                csv.WriteField(sku.MarketPrice is { } market ? ProductCsv.FormatMoney(market) : "");
                csv.WriteField(sku.OnHand.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(sku.LowStockThreshold.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(sku.WeightGrams.ToString(CultureInfo.InvariantCulture));
                await csv.NextRecordAsync();
            }

            return skus.Count;
        }

        /// <summary>Where a combination sits in the product's spec grid (first attribute slowest), as the editor lists it.</summary>
        private static long GridPosition(List<SpecAttribute> specs, List<string> values)
        {
            long position = 0;
            for (var i = 0; i < specs.Count; i++)
            {
                var index = i < values.Count ? specs[i].Values.ToList().IndexOf(values[i]) : -1;
                position = (position * (Variants.MaxValuesPerAttribute + 1)) + (index < 0 ? Variants.MaxValuesPerAttribute : index);
            }

            return position;
        }
    }

    private sealed record SkuRow(
        Guid ProductId,
        string Slug,
        string Name,
        string? Brand,
        Guid? CategoryId,
        ProductStatus Status,
        List<SpecAttribute> Specs,
        string Code,
        List<string> SpecValues,
        decimal Price,
        decimal? MarketPrice,
        int OnHand,
        int LowStockThreshold,
        int WeightGrams);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet(
            "/admin/catalog/products.csv", async (HttpContext http, IMediator mediator, TenantContext tenant, TimeProvider clock, CancellationToken ct) =>
            {
                await using var buffer = ProductCsv.ExportBuffer();
                await mediator.Send(new Query(buffer), ct);
                http.Response.ContentType = "text/csv; charset=utf-8";
                http.Response.Headers.ContentDisposition =
                    $"attachment; filename=\"products-{tenant.Store?.Slug}-{clock.GetUtcNow():yyyyMMdd-HHmm}.csv\"";
                await buffer.DrainBufferAsync(http.Response.Body, ct);
            })
            .RequireAuthorization(Policies.Catalog).WithTags("Admin catalog").Produces(StatusCodes.Status200OK, contentType: "text/csv");
}
