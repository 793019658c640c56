using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Members;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Promotions.Admin;

/// <summary>
/// The store's points and growth rules (积分规则): points earned per yuan paid, points per yuan when redeeming, the most of
/// an order points may pay (percent), how many years earned points live (to the end of that year), the growth window
/// in days. Owner or Operator; a change is audited with before and after.
/// </summary>
public static class PointsRulesSettings
{
    public sealed record Query : IRequest<Settings>;

    public sealed record Settings(int EarnPerYuan, int RedeemPointsPerYuan, int RedeemCapPercent, int ExpiryYears, int GrowthWindowDays)
    {
        internal static Settings From(MemberProgramme p) => new(p.EarnPerYuan, p.RedeemPointsPerYuan, p.RedeemCapPercent, p.ExpiryYears, p.GrowthWindowDays);
    }

    public sealed record Update : ICommand<Settings>
    {
        public int EarnPerYuan { get; set; }

        public int RedeemPointsPerYuan { get; set; }

        public int RedeemCapPercent { get; set; }

        public int ExpiryYears { get; set; }

        public int GrowthWindowDays { get; set; }
    }

    internal sealed class Validator : AbstractValidator<Update>
    {
        public Validator()
        {
            RuleFor(c => c.EarnPerYuan).InclusiveBetween(0, 100).WithMessage(_ => PromotionsText.EarnRule);
            RuleFor(c => c.RedeemPointsPerYuan).InclusiveBetween(1, 10_000).WithMessage(_ => PromotionsText.RedeemRule);
            RuleFor(c => c.RedeemCapPercent).InclusiveBetween(0, 100).WithMessage(_ => PromotionsText.CapPercentRule);
            RuleFor(c => c.ExpiryYears).InclusiveBetween(1, 5).WithMessage(_ => PromotionsText.ExpiryRule);
            RuleFor(c => c.GrowthWindowDays).InclusiveBetween(30, 1095).WithMessage(_ => PromotionsText.WindowRule);
        }
    }

    internal sealed class QueryHandler(StorefrontDb db, TenantContext tenant) : IRequestHandler<Query, Settings>
    {
        public async Task<Settings> Handle(Query request, CancellationToken cancellationToken)
        {
            var id = tenant.RequiredId;
            var store = await db.Stores.AsNoTracking().SingleAsync(s => s.Id == id, cancellationToken);
            return Settings.From(store.MemberProgramme);
        }
    }

    internal sealed class UpdateHandler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock) : IRequestHandler<Update, Settings>
    {
        public async Task<Settings> Handle(Update request, CancellationToken cancellationToken)
        {
            var id = tenant.RequiredId;
            var store = await db.Stores.SingleAsync(s => s.Id == id, cancellationToken);
            var before = Settings.From(store.MemberProgramme);
            store.ConfigureMembers(
                new MemberProgramme(request.EarnPerYuan, request.RedeemPointsPerYuan, request.RedeemCapPercent, request.ExpiryYears, request.GrowthWindowDays));
            var after = Settings.From(store.MemberProgramme);
            if (after != before)
            {
                PromotionAdmin.Audit(db, user.Id, "settings.points", id, new { Before = before, After = after }, clock.GetUtcNow());
            }

            return after;
        }
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/admin/promotions/points-rules", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Marketing).WithTags("Admin members");
        api.MapPut(
            "/admin/promotions/points-rules",
            async ([FromBody] Update command, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(command, ct)))
            .RequireAuthorization(Policies.Marketing).WithTags("Admin members").ProducesValidationProblem();
    }
}
