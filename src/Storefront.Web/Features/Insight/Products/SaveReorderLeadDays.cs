using System.Text.Json;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Insight;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight.Products;

/// <summary>Sets the store's replenishment lead time (补货周期, 1–365 days; the rule: StockCover). Audited with before → after.</summary>
public static class SaveReorderLeadDays
{
    public sealed record Command(int Days) : ICommand<int>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Days).InclusiveBetween(1, StockCover.MaxLeadDays)
            .WithMessage(_ => string.Format(ProductAnalysisText.LeadDaysRange, StockCover.MaxLeadDays));
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var id = tenant.RequiredId;
            var store = await db.Stores.SingleAsync(s => s.Id == id, cancellationToken);
            var before = store.ReorderLeadDays;
            store.ConfigureReorderLeadDays(request.Days);
            db.AuditLog.Add(AuditEntry.Record(id, user.Id, "insight.reorder-lead-days", id.ToString(),
                JsonSerializer.Serialize(new { Before = before, After = store.ReorderLeadDays }), clock.GetUtcNow()));
            return store.ReorderLeadDays;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/admin/insight/products/lead-days", async (Command command, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(new { days = await m.Send(command, ct) }))
            .RequireAuthorization(Policies.Insight).WithTags("Admin insight").ProducesValidationProblem();
}
