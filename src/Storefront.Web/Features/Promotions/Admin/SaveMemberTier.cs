using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Members;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Promotions.Admin;

/// <summary>
/// An operator creates (no id) or edits a member tier: name, growth threshold (unique in the store; the 0 tier is where
/// everyone starts), discount rate on ordinary prices, free shipping, points multiplier. Members are regraded by the
/// members' jobs as their orders complete; a change here takes effect from their next regrade. Audited.
/// </summary>
public static class SaveMemberTier
{
    public sealed record Command : ICommand<ListMemberTiers.Row>
    {
        public Guid? Id { get; set; }

        public string Name { get; set; } = "";

        public decimal GrowthThreshold { get; set; }

        public decimal DiscountRate { get; set; } = 1m;

        public bool FreeShipping { get; set; }

        public decimal PointsMultiplier { get; set; } = 1m;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(StorefrontDb db)
        {
            RuleFor(c => c.Name).Must(n => !string.IsNullOrWhiteSpace(n) && n.Trim().Length <= MemberTier.NameMaxLength)
                .WithMessage(_ => string.Format(PromotionsText.TierNameRule, MemberTier.NameMaxLength));
            RuleFor(c => c.Name).MustAsync(async (c, name, ct) =>
                {
                    var trimmed = (name ?? "").Trim();
                    return !await db.MemberTiers.AnyAsync(t => t.Name == trimmed && t.Id != c.Id, ct);
                })
                .When(c => !string.IsNullOrWhiteSpace(c.Name)).WithMessage(_ => PromotionsText.TierNameTaken);
            RuleFor(c => c.GrowthThreshold)
                .Must(g => g >= 0 && g <= Money.MaxAmount && Money.HasAtMostTwoDecimals(g))
                .WithMessage(_ => PromotionsText.TierThresholdRule);
            RuleFor(c => c.GrowthThreshold).MustAsync(async (c, g, ct) => !await db.MemberTiers.AnyAsync(t => t.GrowthThreshold == g && t.Id != c.Id, ct))
                .WithMessage(_ => PromotionsText.TierThresholdTaken);
            RuleFor(c => c.DiscountRate).Must(r => r > 0 && r <= 1 && Money.HasAtMostTwoDecimals(r)).WithMessage(_ => PromotionsText.TierRateRule);
            RuleFor(c => c.PointsMultiplier).Must(m => m is >= 1 and <= 10 && decimal.Round(m, 1) == m).WithMessage(_ => PromotionsText.TierMultiplierRule);
            RuleFor(c => c.Id).MustAsync(async (id, ct) => await db.MemberTiers.CountAsync(ct) < MemberTier.MaxTiers)
                .When(c => c.Id is null)
                .WithMessage(_ => string.Format(PromotionsText.TiersMax, MemberTier.MaxTiers))
                .OverridePropertyName(nameof(Command.Name));
        }
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, ListMemberTiers.Row>
    {
        public async Task<ListMemberTiers.Row> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var draft = new MemberTierDraft(request.Name, request.GrowthThreshold, request.DiscountRate, request.FreeShipping, request.PointsMultiplier);
            MemberTier tier;
            ListMemberTiers.Row? before = null;
            if (request.Id is { } id)
            {
                tier = await db.MemberTiers.SingleOrDefaultAsync(t => t.Id == id, cancellationToken)
                    ?? throw new NotFoundException("member-tier", PromotionsText.NotFound);
                before = ListMemberTiers.Row.From(tier);
                tier.Update(draft, now);
            }
            else
            {
                tier = MemberTier.Create(db.TenantId!.Value, draft, now);
                db.MemberTiers.Add(tier);
            }

            var after = ListMemberTiers.Row.From(tier);
            PromotionAdmin.Audit(
                db, user.Id, before is null ? "members.tier.created" : "members.tier.updated", tier.Id, new { Before = before, After = after }, now);
            return after;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        PromotionAdmin.MapSave<Command, ListMemberTiers.Row>(api, "/admin/promotions/member-tiers", "Admin members", (c, id) => c with { Id = id }, r => r.Id);
}
