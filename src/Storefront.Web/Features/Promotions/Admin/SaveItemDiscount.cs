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

/// <summary>An operator creates (no id) or edits a 限时折扣: a rate or a fixed price on chosen products or SKUs between two times. Audited.</summary>
public static class SaveItemDiscount
{
    public sealed record Command : ICommand<ListItemDiscounts.Row>
    {
        public Guid? Id { get; set; }

        public string Name { get; set; } = "";

        public ItemDiscountKind Kind { get; set; }

        /// <summary>The rate paid (0.80 = 8折) or the promotional unit price.</summary>
        public decimal Value { get; set; }

        public List<Guid> ProductIds { get; set => field = value ?? []; } = [];

        public List<Guid> SkuIds { get; set => field = value ?? []; } = [];

        public DateTimeOffset StartsAt { get; set; }

        public DateTimeOffset EndsAt { get; set; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(StorefrontDb db)
        {
            RuleFor(c => c.Name).PromotionName();
            RuleFor(c => c.Kind).IsInEnum();
            RuleFor(c => c.Value).Must(PromotionAdmin.IsRate).When(c => c.Kind == ItemDiscountKind.Rate).WithMessage(_ => PromotionsText.RateRule);
            RuleFor(c => c.Value).Must(PromotionAdmin.IsMoney).When(c => c.Kind == ItemDiscountKind.FixedPrice).WithMessage(_ => PromotionsText.PriceRule);
            RuleFor(c => c.StartsAt).Must(PromotionAdmin.IsSensibleTime).WithMessage(_ => PromotionsText.TimeRule);
            RuleFor(c => c.EndsAt).Must(PromotionAdmin.IsSensibleTime).WithMessage(_ => PromotionsText.TimeRule);
            RuleFor(c => c.EndsAt).GreaterThan(c => c.StartsAt).WithMessage(_ => PromotionsText.EndAfterStart);
            RuleFor(c => c.ProductIds).Must((c, _) => c.ProductIds.Count + c.SkuIds.Count > 0).WithMessage(_ => PromotionsText.DiscountScopeRequired);
            RuleFor(c => c.ProductIds).Must((c, _) => c.ProductIds.Count + c.SkuIds.Count <= 500).WithMessage(_ => PromotionsText.ScopeTooMany);
            RuleFor(c => c.ProductIds).MustAsync(async (ids, ct) =>
                {
                    var list = ids.Distinct().ToList();
                    return await db.Products.CountAsync(p => list.Contains(p.Id), ct) == list.Count;
                })
                .When(c => c.ProductIds.Count is > 0 and <= 500).WithMessage(_ => PromotionsText.ScopeUnknown);
            RuleFor(c => c.SkuIds).MustAsync(async (ids, ct) =>
                {
                    var list = ids.Distinct().ToList();
                    return await db.Skus.CountAsync(s => list.Contains(s.Id), ct) == list.Count;
                })
                .When(c => c.SkuIds.Count is > 0 and <= 500).WithMessage(_ => PromotionsText.ScopeUnknown);
        }
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, ListItemDiscounts.Row>
    {
        public async Task<ListItemDiscounts.Row> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var draft =
                new ItemDiscountDraft(
                    request.Name, request.Kind, request.Value, request.ProductIds, request.SkuIds, request.StartsAt.ToUniversalTime(),
                    request.EndsAt.ToUniversalTime());
            ItemDiscount discount;
            ListItemDiscounts.Row? before = null;
            if (request.Id is { } id)
            {
                discount = await db.ItemDiscounts.SingleOrDefaultAsync(d => d.Id == id, cancellationToken)
                    ?? throw new NotFoundException("item-discount", PromotionsText.NotFound);
                before = ListItemDiscounts.Row.From(discount);
                discount.Update(draft, now);
            }
            else
            {
                discount = ItemDiscount.Create(db.TenantId!.Value, draft, now);
                db.ItemDiscounts.Add(discount);
            }

            var after = ListItemDiscounts.Row.From(discount);
            PromotionAdmin.Audit(
                db, user.Id, before is null ? "promotion.discount.created" : "promotion.discount.updated", discount.Id, new { Before = before, After = after },
                now);
            return after;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        PromotionAdmin.MapSave<Command, ListItemDiscounts.Row>(
            api, "/admin/promotions/item-discounts", "Admin promotions", (c, id) => c with { Id = id }, r => r.Id);
}
