using System.Text.Json;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Common;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.AfterSales.Admin;

/// <summary>
/// The store's after-sales settings (售后设置, store owner only): the no-reason and quality windows (days), how long the
/// merchant has to answer a case and customer service a complaint (hours), the 满减 refund policy, and the return address.
/// The ranges are <see cref="AfterSalesPolicy.Validate"/>'s. A change applies to cases opened from then on (a case keeps
/// its deadline) and is written to the audit log.
/// </summary>
public static class AfterSalesSettings
{
    public sealed record Query : IRequest<Settings>;

    public sealed record Settings(
        int NoReasonDays, int QualityDays, int AnswerHours, int ComplaintAnswerHours, ThresholdPolicy Threshold, string ReturnAddress);

    public sealed record Update : ICommand<Settings>
    {
        public int NoReasonDays { get; set; }

        public int QualityDays { get; set; }

        public int AnswerHours { get; set; }

        public int ComplaintAnswerHours { get; set; }

        public ThresholdPolicy Threshold { get; set; }

        public string? ReturnAddress { get; set; }
    }

    internal sealed class QueryHandler(StorefrontDb db, TenantContext tenant) : IRequestHandler<Query, Settings>
    {
        public async Task<Settings> Handle(Query request, CancellationToken cancellationToken)
        {
            var id = tenant.RequiredId;
            var store = await db.Stores.AsNoTracking().SingleAsync(s => s.Id == id, cancellationToken);
            return From(store);
        }
    }

    internal sealed class UpdateHandler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock) : IRequestHandler<Update, Settings>
    {
        public async Task<Settings> Handle(Update request, CancellationToken cancellationToken)
        {
            var id = tenant.RequiredId;
            var store = await db.Stores.SingleAsync(s => s.Id == id, cancellationToken);
            var before = From(store);
            store.ConfigureAfterSales(
                new AfterSalesPolicy(request.NoReasonDays, request.QualityDays, request.AnswerHours, request.ComplaintAnswerHours, request.Threshold),
                request.ReturnAddress);
            var after = From(store);
            if (after != before)
            {
                db.AuditLog.Add(
                    AuditEntry.Record(
                        id, user.Id, "settings.aftersales", id.ToString(), JsonSerializer.Serialize(new { Before = before, After = after }),
                        clock.GetUtcNow()));
            }

            return after;
        }
    }

    private static Settings From(Storefront.Domain.Tenancy.Store store)
    {
        var p = store.AfterSalesPolicy;
        return new Settings(p.NoReasonDays, p.QualityDays, p.AnswerHours, p.ComplaintAnswerHours, p.Threshold, store.ReturnAddress);
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/admin/settings/after-sales", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.StoreOwner).WithTags("Admin settings");
        api.MapPut(
            "/admin/settings/after-sales", async ([FromBody] Update command, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(command, ct)))
            .RequireAuthorization(Policies.StoreOwner).WithTags("Admin settings").ProducesValidationProblem().ProducesProblem(StatusCodes.Status400BadRequest);
    }
}
