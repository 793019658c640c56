using System.Text.Json;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Tenancy;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Settings;

/// <summary>
/// The store's general settings (store owner only): its time zone (IANA id, default Asia/Shanghai), in which every time
/// is shown and every day of the figures is cut. A change is audited, rebuilds the store's daily rollups in the new
/// zone and takes effect on the next request (the host's store entry and the cached catalog pages are dropped).
/// </summary>
public static class StoreSettings
{
    public sealed record Query : IRequest<Settings>;

    public sealed record Settings(string TimeZone, IReadOnlyList<string> OfferedTimeZones);

    public sealed record Update : ICommand<Settings>, IChangesCatalog
    {
        public string TimeZone { get; set; } = "";
    }

    internal sealed class Validator : AbstractValidator<Update>
    {
        public Validator() => RuleFor(c => c.TimeZone).Must(StoreTimeZone.IsValid).WithMessage(_ => SettingsText.TimeZoneUnknown);
    }

    internal sealed class QueryHandler(StorefrontDb db, TenantContext tenant) : IRequestHandler<Query, Settings>
    {
        public async Task<Settings> Handle(Query request, CancellationToken cancellationToken)
        {
            var id = tenant.RequiredId;
            var zone = await db.Stores.AsNoTracking().Where(s => s.Id == id).Select(s => s.TimeZoneId).SingleAsync(cancellationToken);
            return new Settings(zone, StoreTimeZone.Offered);
        }
    }

    internal sealed class UpdateHandler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock, StoreDirectory directory)
        : IRequestHandler<Update, Settings>
    {
        public async Task<Settings> Handle(Update request, CancellationToken cancellationToken)
        {
            var id = tenant.RequiredId;
            var store = await db.Stores.SingleAsync(s => s.Id == id, cancellationToken);
            var before = store.TimeZoneId;
            store.ConfigureTimeZone(request.TimeZone);
            if (store.TimeZoneId != before)
            {
                db.AuditLog.Add(AuditEntry.Record(id, user.Id, "settings.store", id.ToString(),
                    JsonSerializer.Serialize(new { Before = new { TimeZone = before }, After = new { TimeZone = store.TimeZoneId } }), clock.GetUtcNow()));
                await db.SaveChangesAsync(cancellationToken);
                // The figures' days move with the zone: recount the store's rollups in it (one statement, this transaction).
                await db.Database.ExecuteSqlAsync($"select insight_rebuild({id})", cancellationToken);
                var (slug, domains) = (store.Slug, store.CustomDomains.ToList());
                db.OnCommitted(() => directory.Forget(slug, domains));
            }

            return new Settings(store.TimeZoneId, StoreTimeZone.Offered);
        }
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/admin/settings/store", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.StoreOwner).WithTags("Admin settings");
        api.MapPut("/admin/settings/store", async ([FromBody] Update command, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(command, ct)))
            .RequireAuthorization(Policies.StoreOwner).WithTags("Admin settings").ProducesValidationProblem();
    }
}
