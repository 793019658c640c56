using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Storefront.Domain.Insight;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight.Products;

/// <summary>One table of the product analysis as CSV (UTF-8 with a byte-order mark, formulas escaped), for the same period as the page.</summary>
public static class ExportProductAnalysisCsv
{
    public enum Table
    {
        Products,
        SlowMovers,
        StockCover,
    }

    /// <summary>Writes the CSV to <paramref name="Destination"/> (left open); answers the number of rows.</summary>
    public sealed record Query(GetProductAnalysis.Query Analysis, Table Table, Stream Destination) : IRequest<int>;

    internal sealed class Handler(IMediator mediator) : IRequestHandler<Query, int>
    {
        public async Task<int> Handle(Query request, CancellationToken cancellationToken)
        {
            var result = await mediator.Send(request.Analysis, cancellationToken);
            await using var writer = new StreamWriter(request.Destination, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true);
            await using var csv = new CsvWriter(writer, ProductCsv.Configuration() with { InjectionOptions = InjectionOptions.Escape });
            var rows = request.Table switch
            {
                Table.Products => Lines(result.Products, [SharedText.ProductName, ProductAnalysisText.Units, ProductAnalysisText.Gmv,
                        ProductAnalysisText.RefundedUnits, ProductAnalysisText.ReturnRate, ProductAnalysisText.Viewers, ProductAnalysisText.Buyers,
                        ProductAnalysisText.Conversion],
                    r => [r.Name, Count(r.Units), ProductCsv.FormatMoney(r.Gmv), Count(r.RefundedUnits), Rate(r.ReturnRate), Count(r.Viewers), Count(r.Buyers),
                        Rate(r.Conversion)]),
                Table.SlowMovers => Lines(result.SlowMovers, [SharedText.ProductName, ProductAnalysisText.LastSold, ProductAnalysisText.Stock],
                    r => [r.Name, r.LastSold?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", Count(r.Stock)]),
                _ => Lines(result.Cover, [SharedText.ProductName, ProductAnalysisText.SkuCode, ProductAnalysisText.Available,
                        ProductAnalysisText.UnitsLast30, ProductAnalysisText.DailyUnits, ProductAnalysisText.DaysOfCover, ProductAnalysisText.Suggested],
                    r => [r.ProductName, r.Code, Count(r.Available), Count(r.UnitsLast30), r.DailyUnits.ToString("0.00", CultureInfo.InvariantCulture),
                        r.DaysOfCover?.ToString("0.0", CultureInfo.InvariantCulture) ?? "", Count(r.Suggested)]),
            };
            foreach (var line in rows)
            {
                foreach (var field in line)
                {
                    csv.WriteField(field);
                }

                await csv.NextRecordAsync();
            }

            await csv.FlushAsync();
            return rows.Count - 1;
        }

        private static List<string[]> Lines<T>(IEnumerable<T> rows, string[] header, Func<T, string[]> fields) => [header, .. rows.Select(fields)];

        private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

        private static string Rate(decimal? rate) => rate?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "";
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/insight/products.csv", async (HttpContext http, IMediator mediator, TenantContext tenant, CancellationToken ct,
                [FromQuery] Table? table = null, [FromQuery] PeriodKind? period = null, [FromQuery] DateOnly? from = null, [FromQuery] DateOnly? to = null,
                [FromQuery] int? slowDays = null) =>
            {
                await using var buffer = ProductCsv.ExportBuffer();
                var which = table ?? Table.Products;
                await mediator.Send(new Query(GetProductAnalysis.Ask(period, from, to, slowDays), which, buffer), ct);
                http.Response.ContentType = "text/csv; charset=utf-8";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"products-{tenant.Store?.Slug}-{which}.csv\"";
                await buffer.DrainBufferAsync(http.Response.Body, ct);
            })
            .RequireAuthorization(Policies.Insight).WithTags("Admin insight").Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem();
}
