using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Promotions;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Promotions.Admin;

/// <summary>
/// An operator creates (no id) or edits a 秒杀 session: name, start and end, and its SKUs, each with a flash price below
/// the SKU's price, a quota of its own (never below what was sold) and a per-shopper limit. SKUs left out are removed
/// (refused once something sold). The session's item rows are locked while they change, so an order taking quota at
/// the same moment cannot push sold above a lowered quota. Audited.
/// </summary>
public static class SaveFlashSale
{
    public sealed class ItemInput
    {
        public Guid SkuId { get; set; }

        public decimal FlashPrice { get; set; }

        public int Quota { get; set; } = 100;

        public int PerShopperLimit { get; set; } = 1;
    }

    public sealed record Command : ICommand<ListFlashSales.Row>
    {
        public Guid? Id { get; set; }

        public string Name { get; set; } = "";

        public DateTimeOffset StartsAt { get; set; }

        public DateTimeOffset EndsAt { get; set; }

        public List<ItemInput> Items { get; set => field = [.. (value ?? []).Where(x => x is not null)]; } = [];
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(StorefrontDb db)
        {
            RuleFor(c => c.Name).PromotionName();
            RuleFor(c => c.StartsAt).Must(PromotionAdmin.IsSensibleTime).WithMessage(_ => PromotionsText.TimeRule);
            RuleFor(c => c.EndsAt).Must(PromotionAdmin.IsSensibleTime).WithMessage(_ => PromotionsText.TimeRule);
            RuleFor(c => c.EndsAt).GreaterThan(c => c.StartsAt).WithMessage(_ => PromotionsText.EndAfterStart);
            RuleFor(c => c.Items).Custom((items, context) =>
            {
                string? problem = null;
                if (items is null || items.Count is 0 || items.Count > FlashSale.MaxItems)
                {
                    problem = string.Format(PromotionsText.FlashItemsCount, FlashSale.MaxItems);
                }
                else if (items.Select(i => i.SkuId).Distinct().Count() != items.Count)
                {
                    problem = PromotionsText.FlashDuplicateSku;
                }
                else if (items.Any(i => !PromotionAdmin.IsMoney(i.FlashPrice)))
                {
                    problem = PromotionsText.FlashPriceRule;
                }
                else if (items.Any(i => i.Quota is < 1 or > 100_000))
                {
                    problem = PromotionsText.FlashQuotaRule;
                }
                else if (items.Any(i => i.PerShopperLimit is < 1 or > 99))
                {
                    problem = PromotionsText.FlashLimitRule;
                }

                if (problem is not null)
                {
                    context.AddFailure(nameof(Command.Items), problem);
                }
            });
            RuleFor(c => c.Items).CustomAsync(async (items, context, ct) =>
            {
                var ids = items.Select(i => i.SkuId).Distinct().ToList();
                var prices = await db.Skus.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Price, ct);
                if (prices.Count != ids.Count)
                {
                    context.AddFailure(nameof(Command.Items), PromotionsText.ScopeUnknown);
                }
                else if (items.FirstOrDefault(i => i.FlashPrice >= prices[i.SkuId]) is { } above)
                {
                    context.AddFailure(nameof(Command.Items), string.Format(PromotionsText.FlashPriceBelowList, prices[above.SkuId].ToString("0.00")));
                }
            }).When(c => c.Items is { Count: > 0 and <= FlashSale.MaxItems });
        }
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, ListFlashSales.Row>
    {
        public async Task<ListFlashSales.Row> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            FlashSale sale;
            ListFlashSales.Row? before = null;
            if (request.Id is { } id)
            {
                await db.Database.ExecuteSqlAsync($"select 1 from flash_sale_items where flash_sale_id = {id} for update", cancellationToken);
                sale = await db.FlashSales.SingleOrDefaultAsync(s => s.Id == id, cancellationToken)
                    ?? throw new NotFoundException("flash-sale", PromotionsText.NotFound);
                before = (await ListFlashSales.RowsAsync(db, [sale], cancellationToken))[0];
                sale.Update(request.Name, request.StartsAt.ToUniversalTime(), request.EndsAt.ToUniversalTime(), now);
            }
            else
            {
                sale = FlashSale.Create(db.TenantId!.Value, request.Name, request.StartsAt.ToUniversalTime(), request.EndsAt.ToUniversalTime(), now);
                db.FlashSales.Add(sale);
            }

            var skuIds = request.Items.Select(i => i.SkuId).ToList();
            var skus = await db.Skus.AsNoTracking().Where(s => skuIds.Contains(s.Id))
                .ToDictionaryAsync(s => s.Id, s => new { s.ProductId, s.Price }, cancellationToken);
            foreach (var gone in sale.Items.Where(i => !skuIds.Contains(i.SkuId)).Select(i => i.SkuId).ToList())
            {
                sale.RemoveItem(gone, now);
            }

            var existing = sale.Items.Select(i => i.SkuId).ToHashSet();
            foreach (var item in request.Items)
            {
                var sku = skus.GetValueOrDefault(item.SkuId) ?? throw new NotFoundException("sku", PromotionsText.ScopeUnknown);
                var set = sale.SetItem(sku.ProductId, new FlashSaleItemDraft(item.SkuId, item.FlashPrice, item.Quota, item.PerShopperLimit), sku.Price, now);
                if (!existing.Contains(item.SkuId))
                {
                    db.FlashSaleItems.Add(set);
                }
            }

            var after = (await ListFlashSales.RowsAsync(db, [sale], cancellationToken))[0];
            PromotionAdmin.Audit(
                db, user.Id, before is null ? "promotion.flash.created" : "promotion.flash.updated", sale.Id, new { Before = before, After = after }, now);
            return after;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        PromotionAdmin.MapSave<Command, ListFlashSales.Row>(api, "/admin/promotions/flash-sales", "Admin promotions", (c, id) => c with { Id = id }, r => r.Id);
}
