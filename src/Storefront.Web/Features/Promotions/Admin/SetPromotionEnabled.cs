using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Promotions.Admin;

/// <summary>
/// An operator turns a promotion on or off (限时折扣, 满减/满折, a coupon definition, a flash sale). A disabled promotion
/// prices nothing and a disabled coupon is no longer handed out (copies already held stay usable). Audited.
/// </summary>
public static class SetPromotionEnabled
{
    public enum PromotionKind
    {
        ItemDiscount,
        OrderPromotion,
        Coupon,
        FlashSale,
    }

    public sealed record Command(PromotionKind Kind, Guid Id, bool Enabled) : ICommand<Result>;

    public sealed record Result(Guid Id, bool IsEnabled);

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var id = request.Id;
            bool was;
            switch (request.Kind)
            {
                case PromotionKind.ItemDiscount:
                    var discount = await db.ItemDiscounts.SingleOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw NotFound();
                    was = discount.IsEnabled;
                    discount.SetEnabled(request.Enabled, now);
                    break;
                case PromotionKind.OrderPromotion:
                    var promotion = await db.OrderPromotions.SingleOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw NotFound();
                    was = promotion.IsEnabled;
                    promotion.SetEnabled(request.Enabled, now);
                    break;
                case PromotionKind.Coupon:
                    var coupon = await db.Coupons.SingleOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw NotFound();
                    was = coupon.IsEnabled;
                    coupon.SetEnabled(request.Enabled, now);
                    break;
                default:
                    var sale = await db.FlashSales.SingleOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw NotFound();
                    was = sale.IsEnabled;
                    sale.SetEnabled(request.Enabled, now);
                    break;
            }

            if (was != request.Enabled)
            {
                PromotionAdmin.Audit(db, user.Id, request.Enabled ? "promotion.enabled" : "promotion.disabled", id, new { request.Kind }, now);
            }

            return new Result(id, request.Enabled);
        }

        private static NotFoundException NotFound() => new("promotion", PromotionsText.NotFound);
    }

    private static readonly Dictionary<string, PromotionKind> Routes = new()
    {
        ["item-discounts"] = PromotionKind.ItemDiscount,
        ["order-promotions"] = PromotionKind.OrderPromotion,
        ["coupons"] = PromotionKind.Coupon,
        ["flash-sales"] = PromotionKind.FlashSale,
    };

    internal static void Map(IEndpointRouteBuilder api)
    {
        foreach (var (segment, kind) in Routes)
        {
            api.MapPost($"/admin/promotions/{segment}/{{id:guid}}/enable", async (Guid id, IMediator m, CancellationToken ct) =>
                    TypedResults.Ok(await m.Send(new Command(kind, id, true), ct)))
                .RequireAuthorization(Policies.Marketing).WithTags("Admin promotions").ProducesProblem(StatusCodes.Status404NotFound);
            api.MapPost($"/admin/promotions/{segment}/{{id:guid}}/disable", async (Guid id, IMediator m, CancellationToken ct) =>
                    TypedResults.Ok(await m.Send(new Command(kind, id, false), ct)))
                .RequireAuthorization(Policies.Marketing).WithTags("Admin promotions").ProducesProblem(StatusCodes.Status404NotFound);
        }
    }
}
