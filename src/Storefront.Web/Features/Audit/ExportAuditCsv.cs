using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Audit;

/// <summary>
/// The entries the viewer's filters select, as CSV (UTF-8 with a byte-order mark), newest first, times in the store's
/// time. A cell that a spreadsheet would run as a formula is escaped: staff and failed sign-ins put text here.
/// </summary>
public static class ExportAuditCsv
{
    /// <summary>Writes the CSV to <paramref name="Destination"/> (left open); answers the number of entries.</summary>
    public sealed record Query(ListAuditLog.Query Filter, Stream Destination) : IRequest<int>;

    internal sealed class Validator : FluentValidation.AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Filter).SetValidator(new ListAuditLog.Validator());
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant) : IRequestHandler<Query, int>
    {
        public async Task<int> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var writer = new StreamWriter(request.Destination, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true);
            await using var csv = new CsvWriter(writer, ProductCsv.Configuration() with { InjectionOptions = InjectionOptions.Escape });
            string[] columns = [AuditText.Position, AuditText.Time, AuditText.Staff, AuditText.Role, AuditText.Action, AuditText.Target,
                AuditText.Changes, AuditText.Details, AuditText.RequestId];
            foreach (var column in columns)
            {
                csv.WriteField(column);
            }

            await csv.NextRecordAsync();
            var rows = ListAuditLog.Rows(db, ListAuditLog.Filter(db, tenant.Store, request.Filter).OrderByDescending(a => a.Seq));
            var count = 0;
            await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                csv.WriteField(row.Seq.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(StoreTime.Format(tenant.Store, row.At, StoreTime.Seconds));
                csv.WriteField(row.ActorEmail ?? (row.ActorId is null ? AuditText.System : row.ActorId.ToString()));
                csv.WriteField(row.Role ?? "");
                csv.WriteField(row.Action);
                csv.WriteField(row.Target);
                csv.WriteField(string.Join("\n", AuditFormat.Changes(row.Changes)));
                csv.WriteField(row.Details);
                csv.WriteField(row.RequestId ?? "");
                await csv.NextRecordAsync();
                count++;
            }

            await csv.FlushAsync();
            return count;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/audit.csv", async (HttpContext http, IMediator mediator, TenantContext tenant, TimeProvider clock, CancellationToken ct,
                string? staff = null, string? action = null, string? target = null, DateOnly? from = null, DateOnly? to = null) =>
            {
                await using var buffer = ProductCsv.ExportBuffer();
                await mediator.Send(new Query(new ListAuditLog.Query(0, 0, staff, action, target, from, to), buffer), ct);
                http.Response.ContentType = "text/csv; charset=utf-8";
                http.Response.Headers.ContentDisposition =
                    $"attachment; filename=\"audit-{tenant.Store?.Slug}-{StoreTime.Format(tenant.Store, clock.GetUtcNow(), "yyyy-MM-dd")}.csv\"";
                await buffer.DrainBufferAsync(http.Response.Body, ct);
            })
            .RequireAuthorization(Policies.StoreOwner).WithTags("Admin audit").Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem();
}
