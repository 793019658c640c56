using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Storefront.Domain.Insight;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight.Customers;

/// <summary>The drill-down of an RFM group (or every scored buyer), as CSV in UTF-8 with a byte-order mark; phones masked, formulas escaped.</summary>
public static class ExportSegmentMembersCsv
{
    private const int Batch = 500;

    /// <summary>Writes the CSV to <paramref name="Destination"/> (left open); answers the number of buyers.</summary>
    public sealed record Query(RfmSegment? Segment, Stream Destination) : IRequest<int>;

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Segment).IsInEnum();
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock) : IRequestHandler<Query, int>
    {
        public async Task<int> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var writer = new StreamWriter(request.Destination, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true);
            await using var csv = new CsvWriter(writer, ProductCsv.Configuration() with { InjectionOptions = InjectionOptions.Escape });
            foreach (var column in new[] { SharedText.Email, SharedText.DisplayName, CustomersText.Phone, CustomersText.Tier, CustomersText.Segment,
                         CustomersText.LastDay, CustomersText.DaysSinceLast, CustomersText.Orders, CustomersText.Amount })
            {
                csv.WriteField(column);
            }

            await csv.NextRecordAsync();
            var members = (await ListSegmentMembers.MembersAsync(db, tenant, clock, request.Segment, cancellationToken))
                .OrderByDescending(b => b.Amount).ThenBy(b => b.ShopperId).ToList();
            foreach (var chunk in members.Chunk(Batch))
            {
                foreach (var row in await ListSegmentMembers.RowsAsync(db, chunk, cancellationToken))
                {
                    csv.WriteField(row.Email);
                    csv.WriteField(row.DisplayName);
                    csv.WriteField(row.Phone);
                    csv.WriteField(row.Tier ?? "");
                    csv.WriteField(RfmBuyers.Name(row.Segment));
                    csv.WriteField(row.LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    csv.WriteField(row.DaysSinceLast.ToString(CultureInfo.InvariantCulture));
                    csv.WriteField(row.Orders.ToString(CultureInfo.InvariantCulture));
                    csv.WriteField(ProductCsv.FormatMoney(row.Amount));
                    await csv.NextRecordAsync();
                }
            }

            await csv.FlushAsync();
            return members.Count;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/insight/customers/members.csv", async (HttpContext http, IMediator mediator, TenantContext tenant, CancellationToken ct,
                [FromQuery] RfmSegment? segment = null) =>
            {
                await using var buffer = ProductCsv.ExportBuffer();
                await mediator.Send(new Query(segment, buffer), ct);
                http.Response.ContentType = "text/csv; charset=utf-8";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"customers-{tenant.Store?.Slug}-{segment?.ToString() ?? "all"}.csv\"";
                await buffer.DrainBufferAsync(http.Response.Body, ct);
            })
            .RequireAuthorization(Policies.Insight).WithTags("Admin insight").Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem();
}
