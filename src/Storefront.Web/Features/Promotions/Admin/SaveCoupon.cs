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
/// An operator creates (no id) or edits a coupon definition: fixed amount or a rate with a cap, minimum spend, scope,
/// validity (fixed dates or N days from claim), total quantity (never below what was issued), per-shopper limit,
/// stackable or exclusive, claimable / for new members. Audited.
/// </summary>
public static class SaveCoupon
{
    public sealed record Command : ICommand<ListCoupons.Row>
    {
        public Guid? Id { get; set; }

        public string Name { get; set; } = "";

        public CouponKind Kind { get; set; }

        /// <summary>The amount off, or the rate paid (0.90 = 9折).</summary>
        public decimal Value { get; set; }

        public decimal? Cap { get; set; }

        public decimal MinSpend { get; set; }

        public ScopeKind Scope { get; set; }

        public List<Guid> ScopeIds { get; set => field = value ?? []; } = [];

        public bool Stackable { get; set; } = true;

        public CouponValidity Validity { get; set; }

        public DateTimeOffset? ValidFrom { get; set; }

        public DateTimeOffset? ValidUntil { get; set; }

        public int? ValidDays { get; set; }

        public int TotalQuantity { get; set; }

        public int PerShopperLimit { get; set; } = 1;

        public bool Claimable { get; set; } = true;

        public bool ForNewMembers { get; set; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(StorefrontDb db)
        {
            RuleFor(c => c.Name).PromotionName();
            RuleFor(c => c.Kind).IsInEnum();
            RuleFor(c => c.Scope).IsInEnum();
            RuleFor(c => c.Validity).IsInEnum();
            RuleFor(c => c.Value).Must(PromotionAdmin.IsMoney).When(c => c.Kind == CouponKind.Amount).WithMessage(_ => PromotionsText.CouponAmount);
            RuleFor(c => c.Value).LessThanOrEqualTo(c => c.MinSpend)
                .When(c => c.Kind == CouponKind.Amount && c.MinSpend > 0).WithMessage(_ => PromotionsText.CouponAboveMinSpend);
            RuleFor(c => c.Value).Must(PromotionAdmin.IsRate).When(c => c.Kind == CouponKind.Rate).WithMessage(_ => PromotionsText.RateRule);
            RuleFor(c => c.Cap).Must(cap => cap is null || PromotionAdmin.IsMoney(cap.Value)).WithMessage(_ => PromotionsText.CapRule);
            RuleFor(c => c.MinSpend).Must(m => m == 0 || PromotionAdmin.IsMoney(m)).WithMessage(_ => PromotionsText.MinSpendRule);
            RuleFor(c => c.ValidFrom).NotNull().When(c => c.Validity == CouponValidity.FixedDates).WithMessage(_ => PromotionsText.ValidityDates);
            RuleFor(c => c.ValidUntil).NotNull().When(c => c.Validity == CouponValidity.FixedDates).WithMessage(_ => PromotionsText.ValidityDates);
            RuleFor(c => c.ValidFrom)
                .Must(at => PromotionAdmin.IsSensibleTime(at!.Value))
                .When(c => c.Validity == CouponValidity.FixedDates && c.ValidFrom is not null)
                .WithMessage(_ => PromotionsText.TimeRule);
            RuleFor(c => c.ValidUntil)
                .Must(at => PromotionAdmin.IsSensibleTime(at!.Value))
                .When(c => c.Validity == CouponValidity.FixedDates && c.ValidUntil is not null)
                .WithMessage(_ => PromotionsText.TimeRule);
            RuleFor(c => c.ValidUntil).GreaterThan(c => c.ValidFrom)
                .When(c => c.Validity == CouponValidity.FixedDates && c.ValidFrom is not null && c.ValidUntil is not null)
                .WithMessage(_ => PromotionsText.EndAfterStart);
            RuleFor(c => c.ValidDays).NotNull().InclusiveBetween(1, Coupon.MaxValidDays).When(c => c.Validity == CouponValidity.DaysFromClaim)
                .WithMessage(_ => string.Format(PromotionsText.ValidDaysRule, Coupon.MaxValidDays));
            RuleFor(c => c.TotalQuantity)
                .InclusiveBetween(1, Coupon.MaxQuantity)
                .WithMessage(_ => string.Format(PromotionsText.QuantityRule, Coupon.MaxQuantity));
            RuleFor(c => c.PerShopperLimit)
                .InclusiveBetween(1, Coupon.MaxPerShopper)
                .WithMessage(_ => string.Format(PromotionsText.PerShopperRule, Coupon.MaxPerShopper));
            RuleFor(c => c.ScopeIds).NotEmpty().When(c => c.Scope != ScopeKind.Store).WithMessage(_ => PromotionsText.ScopeRequired);
            RuleFor(c => c.ScopeIds).Must(ids => ids.Count <= 500).WithMessage(_ => PromotionsText.ScopeTooMany);
            RuleFor(c => c.ScopeIds).MustAsync((c, ids, ct) => PromotionAdmin.ScopeExistsAsync(db, c.Scope, ids, ct))
                .When(c => c.Scope != ScopeKind.Store && c.ScopeIds.Count is > 0 and <= 500).WithMessage(_ => PromotionsText.ScopeUnknown);
        }
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, ListCoupons.Row>
    {
        public async Task<ListCoupons.Row> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var draft = new CouponDraft(request.Name, request.Kind, request.Value, request.Kind == CouponKind.Rate ? request.Cap : null, request.MinSpend,
                request.Scope, request.ScopeIds, request.Stackable, request.Validity, request.ValidFrom?.ToUniversalTime(),
                request.ValidUntil?.ToUniversalTime(), request.ValidDays,
                request.TotalQuantity, request.PerShopperLimit, request.Claimable, request.ForNewMembers);
            Coupon coupon;
            ListCoupons.Row? before = null;
            if (request.Id is { } id)
            {
                // The row is locked: a claim takes units with a conditional UPDATE, so the quantity check below sees every unit issued.
                coupon = await db.Coupons.FromSql($"select * from coupons where id = {id} for update").SingleOrDefaultAsync(cancellationToken)
                    ?? throw new NotFoundException("coupon", PromotionsText.NotFound);
                before = ListCoupons.Row.From(coupon);
                coupon.Update(draft, now);
            }
            else
            {
                coupon = Coupon.Create(db.TenantId!.Value, draft, now);
                db.Coupons.Add(coupon);
            }

            var after = ListCoupons.Row.From(coupon);
            PromotionAdmin.Audit(
                db, user.Id, before is null ? "promotion.coupon.created" : "promotion.coupon.updated", coupon.Id, new { Before = before, After = after }, now);
            return after;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        PromotionAdmin.MapSave<Command, ListCoupons.Row>(api, "/admin/promotions/coupons", "Admin promotions", (c, id) => c with { Id = id }, r => r.Id);
}
