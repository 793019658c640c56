using System.Globalization;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Catalog.Recommendations;

/// <summary>
/// The store's recommendation thresholds (Owner and Operator): the least support, confidence and lift a rule needs to be shown,
/// for 经常一起买 and 看了又看 alike. The next pass of the recommendations job applies them; the audit trail records the change
/// (AuditBehavior, before → after).
/// </summary>
public static class RecommendationSettingsAdmin
{
    public sealed record Query : IRequest<Values>;

    /// <summary>The thresholds, and when the lists were last computed (null: not yet).</summary>
    public sealed record Values(decimal MinSupport, decimal MinConfidence, decimal MinLift, DateTimeOffset? ComputedAt);

    public sealed record Update : ICommand<Values>
    {
        public decimal MinSupport { get; set; }

        public decimal MinConfidence { get; set; }

        public decimal MinLift { get; set; }

        public static Update From(Values v) => new() { MinSupport = v.MinSupport, MinConfidence = v.MinConfidence, MinLift = v.MinLift };
    }

    internal sealed class Validator : AbstractValidator<Update>
    {
        public Validator()
        {
            Share(c => c.MinSupport);
            Share(c => c.MinConfidence);
            RuleFor(c => c.MinLift).InclusiveBetween(0m, AssociationThresholds.MaxLift)
                .WithMessage(_ => string.Format(CultureInfo.CurrentCulture, RecommendationsText.LiftRange, AssociationThresholds.MaxLift));
        }

        private void Share(System.Linq.Expressions.Expression<Func<Update, decimal>> property) =>
            RuleFor(property).GreaterThan(0m).LessThanOrEqualTo(1m).WithMessage(_ => RecommendationsText.ShareRange);
    }

    internal sealed class QueryHandler(StorefrontDb db) : IRequestHandler<Query, Values>
    {
        public async Task<Values> Handle(Query request, CancellationToken cancellationToken)
        {
            var settings = await db.RecommendationSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
            var t = settings?.Thresholds ?? AssociationThresholds.Default;
            return new Values(t.MinSupport, t.MinConfidence, t.MinLift, settings?.ComputedAt);
        }
    }

    internal sealed class UpdateHandler(StorefrontDb db, TenantContext tenant, TimeProvider clock) : IRequestHandler<Update, Values>
    {
        public async Task<Values> Handle(Update request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var settings = await db.RecommendationSettings.SingleOrDefaultAsync(cancellationToken);
            if (settings is null)
            {
                settings = RecommendationSettings.Default(tenant.RequiredId, now);
                db.RecommendationSettings.Add(settings);
            }

            settings.Configure(new AssociationThresholds(request.MinSupport, request.MinConfidence, request.MinLift), now);
            return new Values(settings.MinSupport, settings.MinConfidence, settings.MinLift, settings.ComputedAt);
        }
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/admin/settings/recommendations", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Insight).WithTags("Admin settings");
        api.MapPut("/admin/settings/recommendations", async ([FromBody] Update command, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(command, ct)))
            .RequireAuthorization(Policies.Insight).WithTags("Admin settings").ProducesValidationProblem();
    }
}
