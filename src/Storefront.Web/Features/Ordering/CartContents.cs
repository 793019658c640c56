using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;
using Storefront.Web.Features.Catalog;
using Storefront.Web.Features.Promotions;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// The current cart, priced now: every line with its product and SKU facts, today's price and stock, and a note when
/// the price changed since it was added, the SKU sold out or has fewer left than wanted, or the product was delisted.
/// Nothing is cached: every view re-reads prices and stock. Checkout takes the selected lines
/// (<see cref="Query.SelectedOnly"/>, or <see cref="LoadAsync"/> inside its own command).
/// </summary>
public static class CartContents
{
    public sealed record Query(bool SelectedOnly = false) : IRequest<Cart>;

    public enum LineStatus
    {
        /// <summary>Can be bought as it stands.</summary>
        Ok,

        /// <summary>Fewer left than the quantity wanted (lower the quantity to buy it).</summary>
        NotEnoughStock,

        /// <summary>None left.</summary>
        SoldOut,

        /// <summary>The product is off the shelf (已下架).</summary>
        Delisted,
    }

    public sealed record Note(string Code, string Message);

    /// <summary>
    /// A cart line as shown: <c>UnitPrice</c> is today's price of the SKU, <c>PriceWhenAdded</c> the price the shopper last saw
    /// (it differs from <c>UnitPrice</c> when the price changed), <c>Available</c> the units that can be bought now (on hand
    /// less reserved), never below 0.
    /// </summary>
    public sealed record Line(
        Guid SkuId,
        string SkuCode,
        Guid ProductId,
        Guid? CategoryId,
        string ProductName,
        string ProductSlug,
        string SpecText,
        string? Image,
        int WeightGrams,
        int Quantity,
        bool Selected,
        decimal UnitPrice,
        decimal PriceWhenAdded,
        int Available,
        LineStatus Status,
        IReadOnlyList<Note> Notes,
        DateTimeOffset AddedAt)
    {
        public bool PriceChanged => UnitPrice != PriceWhenAdded;

        /// <summary>The line can be checked out as it stands (listed, enough stock).</summary>
        public bool Purchasable => Status == LineStatus.Ok;

        public decimal LineTotal => UnitPrice * Quantity;

        /// <summary>What the pricing engine makes of the line when it is selected and can be bought (null otherwise).</summary>
        public LinePricing? Pricing { get; init; }
    }

    /// <param name="Discount">Every discount on the line: its own (限时折扣, 秒杀, member price) and its share of order-level ones.</param>
    /// <param name="Paid">What the line comes to after them.</param>
    /// <param name="Adjustments">Each discount and why (the engine's labels).</param>
    /// <param name="Notes">Why a promotion did not apply (e.g. the flash sale's per-shopper limit).</param>
    public sealed record LinePricing(decimal Discount, decimal Paid, IReadOnlyList<Adjustment> Adjustments, IReadOnlyList<string> Notes);

    /// <summary>
    /// The selected lines that can be bought, priced by the engine as checkout will price them (before shipping and points,
    /// with the coupon that saves most): order-level discounts and why, hints ("已享满200减50", "再买¥35.00可减50"), the coupon.
    /// </summary>
    public sealed record CartPricing(
        decimal Subtotal,
        decimal Discount,
        decimal Total,
        IReadOnlyList<Adjustment> Adjustments,
        IReadOnlyList<PromotionHint> Hints,
        Guid? CouponId,
        Guid? RecommendedCouponId,
        IReadOnlyList<CouponOption> Coupons,
        string? MemberTier)
    {
        public static readonly CartPricing None = new(0m, 0m, 0m, [], [], null, null, [], null);

        /// <summary>The coupon used, with its saving on this cart.</summary>
        public CouponOption? Coupon => Coupons.FirstOrDefault(c => c.ShopperCouponId == CouponId);
    }

    /// <summary>
    /// The cart: <c>LineCount</c> is the lines in it (the header badge), <c>SelectedSubtotal</c> today's price of the selected
    /// lines that can be bought.
    /// </summary>
    public sealed record Cart(IReadOnlyList<Line> Lines, int LineCount, int SelectedLines, int SelectedQuantity, decimal SelectedSubtotal)
    {
        public static readonly Cart Empty = new([], 0, 0, 0, 0m);

        /// <summary>Every selected line can be bought as it stands, and at least one is selected.</summary>
        public bool ReadyToCheckOut => SelectedLines > 0 && Lines.Where(l => l.Selected).All(l => l.Purchasable);

        public bool AnyPriceChanged => Lines.Any(l => l.PriceChanged);

        /// <summary>The selected lines that can be bought, priced with promotions (<see cref="CartPricing"/>).</summary>
        public CartPricing Pricing { get; init; } = CartPricing.None;
    }

    internal sealed class Handler(StorefrontDb db, CatalogCache catalogCache, CartOwner owner, TenantContext tenant, TimeProvider clock)
        : IRequestHandler<Query, Cart>
    {
        public async Task<Cart> Handle(Query request, CancellationToken cancellationToken)
        {
            if (owner.Current is not { } id)
            {
                return Cart.Empty;
            }

            var cart = await LoadAsync(db, id, request.SelectedOnly, tenant.Store?.Currency ?? "CNY", cancellationToken);
            return await PriceAsync(db, catalogCache, cart, owner.ShopperId, clock.GetUtcNow(), cancellationToken);
        }
    }

    /// <summary>
    /// Prices the selected lines that can be bought with the promotions live now, the shopper's tier and the coupon that
    /// saves most (<see cref="ShopperPricing"/>: one round trip), as checkout will.
    /// </summary>
    public static async Task<Cart> PriceAsync(StorefrontDb db, CatalogCache cache, Cart cart, Guid? shopperId, DateTimeOffset now, CancellationToken ct)
    {
        var priced = cart.Lines.Where(l => l.Selected && l.Purchasable).Take(Order.MaxLines).ToList();
        if (priced.Count == 0 || db.TenantId is not { } tenantId)
        {
            return cart;
        }

        var lines = priced.Select(l => new PricingLine(l.SkuId, l.ProductId, l.CategoryId, l.UnitPrice, l.Quantity, l.WeightGrams)).ToList();
        var loaded = await ShopperPricing.LoadAsync(db, cache, tenantId, shopperId, lines, now, CouponChoice.Best, 0, ct);
        var quote = PricingEngine.Price(new PricingRequest(lines, null, now, loaded.Context));
        var bySku = priced.Select((l, i) => (l.SkuId, Line: quote.Lines[i])).ToDictionary(p => p.SkuId, p => p.Line);
        return cart with
        {
            Lines = [.. cart.Lines.Select(l => bySku.TryGetValue(l.SkuId, out var p) && l.Selected && l.Purchasable
                ? l with { Pricing = new LinePricing(p.Discount, p.Paid, p.Adjustments, p.Notes) }
                : l)],
            Pricing = new CartPricing(quote.Subtotal, quote.Discount, quote.Total, quote.OrderAdjustments, quote.Hints, quote.CouponId,
                quote.RecommendedCouponId, quote.CouponOptions, loaded.Context.Member?.TierName),
        };
    }

    /// <summary>The cart of an owner (shopper id or guest cart id), priced now; only its selected lines when asked.</summary>
    public static async Task<Cart> LoadAsync(StorefrontDb db, Guid ownerId, bool selectedOnly, string currency, CancellationToken ct)
    {
        var rows = await (
                from l in db.CartLines.AsNoTracking()
                where l.OwnerId == ownerId && (!selectedOnly || l.Selected)
                join s in db.Skus on l.SkuId equals s.Id
                join p in db.Products on s.ProductId equals p.Id
                orderby l.AddedAt descending, l.SkuId
                select new
                {
                    l.SkuId,
                    l.Quantity,
                    l.Selected,
                    l.PriceWhenAdded,
                    l.AddedAt,
                    s.Code,
                    s.SpecValues,
                    s.Price,
                    Available = s.OnHand - s.Reserved,
                    SkuImage = s.Image,
                    s.WeightGrams,
                    ProductId = p.Id,
                    p.CategoryId,
                    p.Name,
                    p.Slug,
                    p.Status,
                    p.Images,
                })
            .ToListAsync(ct);

        var lines = rows.Select(r =>
        {
            var available = Math.Max(0, r.Available);
            var notes = new List<Note>();
            var status = r.Status != ProductStatus.Listed ? LineStatus.Delisted
                : available == 0 ? LineStatus.SoldOut
                : r.Quantity > available ? LineStatus.NotEnoughStock
                : LineStatus.Ok;
            switch (status)
            {
                case LineStatus.Delisted:
                    notes.Add(new Note("delisted", OrderingText.CartNoteDelisted));
                    break;
                case LineStatus.SoldOut:
                    notes.Add(new Note("sold_out", OrderingText.CartNoteSoldOut));
                    break;
                case LineStatus.NotEnoughStock:
                    notes.Add(new Note("not_enough_stock", string.Format(OrderingText.CartNoteNotEnoughStock, available)));
                    break;
            }

            if (r.Price != r.PriceWhenAdded)
            {
                notes.Add(new Note(r.Price < r.PriceWhenAdded ? "price_down" : "price_up", string.Format(
                    r.Price < r.PriceWhenAdded ? OrderingText.CartNotePriceDown : OrderingText.CartNotePriceUp,
                    Storefront.Web.Components.Money.Format(r.PriceWhenAdded, currency),
                    Storefront.Web.Components.Money.Format(r.Price, currency))));
            }

            var image = ProductImages.Url(r.SkuImage ?? r.Images.FirstOrDefault());
            return new Line(r.SkuId, r.Code, r.ProductId, r.CategoryId, r.Name, r.Slug, string.Join(" / ", r.SpecValues), image, r.WeightGrams,
                r.Quantity, r.Selected, r.Price, r.PriceWhenAdded, available, status, notes, r.AddedAt);
        }).ToList();

        var selected = lines.Where(l => l.Selected).ToList();
        return new Cart(lines, lines.Count, selected.Count, selected.Sum(l => l.Quantity), selected.Where(l => l.Purchasable).Sum(l => l.LineTotal));
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet(
            "/cart", async (bool? selectedOnly, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(selectedOnly ?? false), ct)))
            .WithTags("Cart");
}
