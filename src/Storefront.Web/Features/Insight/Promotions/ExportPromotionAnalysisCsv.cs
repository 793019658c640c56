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

namespace Storefront.Web.Features.Insight.Promotions;

/// <summary>The promotion analysis as CSV (UTF-8 with a byte-order mark, formulas escaped), for the same period as the page.</summary>
public static class ExportPromotionAnalysisCsv
{
    /// <summary>Writes the CSV to <paramref name="Destination"/> (left open); answers the number of rows.</summary>
    public sealed record Query(GetPromotionAnalysis.Query Analysis, Stream Destination) : IRequest<int>;

    internal sealed class Handler(IMediator mediator) : IRequestHandler<Query, int>
    {
        public async Task<int> Handle(Query request, CancellationToken cancellationToken)
        {
            var result = await mediator.Send(request.Analysis, cancellationToken);
            await using var writer = new StreamWriter(request.Destination, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true);
            await using var csv = new CsvWriter(writer, ProductCsv.Configuration() with { InjectionOptions = InjectionOptions.Escape });
            foreach (var column in new[] { PromotionAnalysisText.Kind, PromotionAnalysisText.Name, PromotionAnalysisText.Orders, PromotionAnalysisText.Units,
                         PromotionAnalysisText.Gmv, PromotionAnalysisText.Discount, PromotionAnalysisText.Roi, PromotionAnalysisText.Claimed,
                         PromotionAnalysisText.RedemptionRate })
            {
                csv.WriteField(column);
            }

            await csv.NextRecordAsync();
            foreach (var r in result.Rows)
            {
                csv.WriteField(GetPromotionAnalysis.KindName(r.Kind));
                csv.WriteField(r.Name);
                csv.WriteField(r.Orders.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(r.Units.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(ProductCsv.FormatMoney(r.Gmv));
                csv.WriteField(ProductCsv.FormatMoney(r.Discount));
                csv.WriteField(r.Roi?.ToString("0.00", CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(r.Claimed?.ToString(CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(r.RedemptionRate?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "");
                await csv.NextRecordAsync();
            }

            await csv.FlushAsync();
            return result.Rows.Count;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/insight/promotions.csv", async (HttpContext http, IMediator mediator, TenantContext tenant, CancellationToken ct,
                [FromQuery] PeriodKind? period = null, [FromQuery] DateOnly? from = null, [FromQuery] DateOnly? to = null) =>
            {
                await using var buffer = ProductCsv.ExportBuffer();
                await mediator.Send(new Query(GetPromotionAnalysis.Ask(period, from, to), buffer), ct);
                http.Response.ContentType = "text/csv; charset=utf-8";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"promotions-{tenant.Store?.Slug}.csv\"";
                await buffer.DrainBufferAsync(http.Response.Body, ct);
            })
            .RequireAuthorization(Policies.Insight).WithTags("Admin insight").Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem();
}
