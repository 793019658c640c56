using System.Text.Json;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Ordering.Admin;

/// <summary>
/// The store's order timers (store owner only): how long an unpaid order waits for payment (5–1440 minutes, default
/// 30) and after how many days a shipped order completes by itself (1–30, default 10). A change applies to orders
/// placed (payment) or fully shipped (auto-confirm) from then on; it is written to the audit log.
/// </summary>
public static class OrderingSettings
{
    public const int MinPaymentTimeout = 5;
    public const int MaxPaymentTimeout = 1440;
    public const int MinAutoConfirmDays = 1;
    public const int MaxAutoConfirmDays = 30;

    public sealed record Query : IRequest<Settings>;

    public sealed record Settings(int PaymentTimeoutMinutes, int AutoConfirmDays);

    public sealed record Update : ICommand<Settings>
    {
        public int PaymentTimeoutMinutes { get; set; }

        public int AutoConfirmDays { get; set; }
    }

    internal sealed class Validator : AbstractValidator<Update>
    {
        public Validator()
        {
            RuleFor(c => c.PaymentTimeoutMinutes).InclusiveBetween(MinPaymentTimeout, MaxPaymentTimeout)
                .WithMessage(_ => string.Format(OrderingText.PaymentTimeoutRange, MinPaymentTimeout, MaxPaymentTimeout));
            RuleFor(c => c.AutoConfirmDays).InclusiveBetween(MinAutoConfirmDays, MaxAutoConfirmDays)
                .WithMessage(_ => string.Format(OrderingText.AutoConfirmRange, MinAutoConfirmDays, MaxAutoConfirmDays));
        }
    }

    internal sealed class QueryHandler(StorefrontDb db, TenantContext tenant) : IRequestHandler<Query, Settings>
    {
        public async Task<Settings> Handle(Query request, CancellationToken cancellationToken)
        {
            var id = tenant.RequiredId;
            return await db.Stores.AsNoTracking().Where(s => s.Id == id)
                .Select(s => new Settings(s.PaymentTimeoutMinutes, s.AutoConfirmDays)).SingleAsync(cancellationToken);
        }
    }

    internal sealed class UpdateHandler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock) : IRequestHandler<Update, Settings>
    {
        public async Task<Settings> Handle(Update request, CancellationToken cancellationToken)
        {
            var id = tenant.RequiredId;
            var store = await db.Stores.SingleAsync(s => s.Id == id, cancellationToken);
            var before = new Settings(store.PaymentTimeoutMinutes, store.AutoConfirmDays);
            store.ConfigureOrdering(request.PaymentTimeoutMinutes, request.AutoConfirmDays);
            var after = new Settings(store.PaymentTimeoutMinutes, store.AutoConfirmDays);
            if (after != before)
            {
                db.AuditLog.Add(
                    AuditEntry.Record(
                        id, user.Id, "settings.ordering", id.ToString(), JsonSerializer.Serialize(new { Before = before, After = after }), clock.GetUtcNow()));
            }

            return after;
        }
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/admin/settings/ordering", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.StoreOwner).WithTags("Admin settings");
        api.MapPut(
            "/admin/settings/ordering", async ([FromBody] Update command, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(command, ct)))
            .RequireAuthorization(Policies.StoreOwner).WithTags("Admin settings").ProducesValidationProblem();
    }
}
