using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Promotions.Admin;

/// <summary>
/// An operator creates (no id) or edits a 满减 / 满折: tiers (满200减50, 满300减100; 满2件9折), scope, period, whether it
/// stacks with coupons. Written to the audit log with what it was before.
/// </summary>
public static class SaveOrderPromotion
{
    public sealed class TierInput
    {
        public decimal Threshold { get; set; }

        public decimal Value { get; set; }
    }

    public sealed record Command : ICommand<ListOrderPromotions.Row>
    {
        public Guid? Id { get; set; }

        public string Name { get; set; } = "";

        public OrderPromotionKind Kind { get; set; }

        public ThresholdKind Threshold { get; set; }

        public List<TierInput> Tiers { get; set => field = [.. (value ?? []).Where(x => x is not null)]; } = [];

        public ScopeKind Scope { get; set; }

        public List<Guid> ScopeIds { get; set => field = value ?? []; } = [];

        public bool StacksWithCoupons { get; set; } = true;

        public DateTimeOffset StartsAt { get; set; }

        public DateTimeOffset EndsAt { get; set; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(StorefrontDb db)
        {
            RuleFor(c => c.Name).PromotionName();
            RuleFor(c => c.Kind).IsInEnum();
            RuleFor(c => c.Threshold).IsInEnum();
            RuleFor(c => c.Scope).IsInEnum();
            RuleFor(c => c.StartsAt).Must(PromotionAdmin.IsSensibleTime).WithMessage(_ => PromotionsText.TimeRule);
            RuleFor(c => c.EndsAt).Must(PromotionAdmin.IsSensibleTime).WithMessage(_ => PromotionsText.TimeRule);
            RuleFor(c => c.EndsAt).GreaterThan(c => c.StartsAt).WithMessage(_ => PromotionsText.EndAfterStart);
            RuleFor(c => c.Tiers).Custom((tiers, context) =>
            {
                if (Problem(context.InstanceToValidate, tiers) is { } message)
                {
                    context.AddFailure(nameof(Command.Tiers), message);
                }
            });
            RuleFor(c => c.ScopeIds).NotEmpty().When(c => c.Scope != ScopeKind.Store).WithMessage(_ => PromotionsText.ScopeRequired);
            RuleFor(c => c.ScopeIds).Must(ids => ids.Count <= 500).WithMessage(_ => PromotionsText.ScopeTooMany);
            RuleFor(c => c.ScopeIds).MustAsync((c, ids, ct) => PromotionAdmin.ScopeExistsAsync(db, c.Scope, ids, ct))
                .When(c => c.Scope != ScopeKind.Store && c.ScopeIds.Count is > 0 and <= 500).WithMessage(_ => PromotionsText.ScopeUnknown);
        }

        private static string? Problem(Command c, List<TierInput>? tiers)
        {
            if (tiers is null || tiers.Count is 0 or > OrderPromotion.MaxTiers)
            {
                return string.Format(PromotionsText.TiersCount, OrderPromotion.MaxTiers);
            }

            var sorted = tiers.OrderBy(t => t.Threshold).ToList();
            for (var i = 0; i < sorted.Count; i++)
            {
                var t = sorted[i];
                if (c.Threshold == ThresholdKind.Amount ? !PromotionAdmin.IsMoney(t.Threshold) : t.Threshold is < 1 or > 999
                    || t.Threshold != decimal.Truncate(t.Threshold))
                {
                    return c.Threshold == ThresholdKind.Amount ? PromotionsText.TierThresholdAmount : PromotionsText.TierThresholdQuantity;
                }

                if (c.Kind == OrderPromotionKind.AmountOff)
                {
                    if (!PromotionAdmin.IsMoney(t.Value))
                    {
                        return PromotionsText.TierAmountOff;
                    }

                    if (c.Threshold == ThresholdKind.Amount && t.Value >= t.Threshold)
                    {
                        return string.Format(PromotionsText.TierOffBelowThreshold, t.Threshold.ToString("0.##"), t.Value.ToString("0.##"));
                    }
                }
                else if (!PromotionAdmin.IsRate(t.Value))
                {
                    return PromotionsText.RateRule;
                }

                if (i > 0 && (t.Threshold == sorted[i - 1].Threshold
                    || (c.Kind == OrderPromotionKind.AmountOff ? t.Value <= sorted[i - 1].Value : t.Value >= sorted[i - 1].Value)))
                {
                    return PromotionsText.TiersIncreasing;
                }
            }

            return null;
        }
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, ListOrderPromotions.Row>
    {
        public async Task<ListOrderPromotions.Row> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var draft = new OrderPromotionDraft(request.Name, request.Kind, request.Threshold,
                [.. request.Tiers.Select(t => new PromotionTier(t.Threshold, t.Value))], request.Scope, request.ScopeIds,
                request.StacksWithCoupons, request.StartsAt.ToUniversalTime(), request.EndsAt.ToUniversalTime());
            OrderPromotion promotion;
            ListOrderPromotions.Row? before = null;
            if (request.Id is { } id)
            {
                promotion = await db.OrderPromotions.SingleOrDefaultAsync(p => p.Id == id, cancellationToken)
                    ?? throw new NotFoundException("order-promotion", PromotionsText.NotFound);
                before = ListOrderPromotions.Row.From(promotion);
                promotion.Update(draft, now);
            }
            else
            {
                promotion = OrderPromotion.Create(db.TenantId!.Value, draft, now);
                db.OrderPromotions.Add(promotion);
            }

            var after = ListOrderPromotions.Row.From(promotion);
            PromotionAdmin.Audit(
                db, user.Id, before is null ? "promotion.order.created" : "promotion.order.updated", promotion.Id, new { Before = before, After = after }, now);
            return after;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        PromotionAdmin.MapSave<Command, ListOrderPromotions.Row>(
            api, "/admin/promotions/order-promotions", "Admin promotions", (c, id) => c with { Id = id }, r => r.Id);
}
