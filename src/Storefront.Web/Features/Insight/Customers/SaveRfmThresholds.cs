using System.Text.Json;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Insight;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight.Customers;

/// <summary>Sets the store's RFM thresholds (the rule and its limits: <see cref="RfmThresholds"/>). Audited with before → after.</summary>
public static class SaveRfmThresholds
{
    public sealed record Command(int WindowDays, int RecentDays, int FrequentOrders, decimal MonetaryAmount) : ICommand<RfmThresholds>;

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, RfmThresholds>
    {
        public async Task<RfmThresholds> Handle(Command request, CancellationToken cancellationToken)
        {
            var id = tenant.RequiredId;
            var store = await db.Stores.SingleAsync(s => s.Id == id, cancellationToken);
            var before = store.RfmThresholds;
            store.ConfigureRfm(new RfmThresholds(request.WindowDays, request.RecentDays, request.FrequentOrders, request.MonetaryAmount));
            db.AuditLog.Add(AuditEntry.Record(id, user.Id, "insight.rfm", id.ToString(),
                JsonSerializer.Serialize(new { Before = before, After = store.RfmThresholds }), clock.GetUtcNow()));
            return store.RfmThresholds;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/admin/insight/customers/rfm", async (Command command, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(command, ct)))
            .RequireAuthorization(Policies.Insight).WithTags("Admin insight").ProducesValidationProblem();
}
