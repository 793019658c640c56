using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Domain.Common;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Ordering;

/// <summary>What the cart commands check against the catalog: the SKU's product is on sale and has enough left.</summary>
internal static class CartRules
{
    public sealed record SkuFacts(Guid SkuId, string Code, string ProductSlug, ProductStatus Status, decimal Price, int Available);

    public static Task<SkuFacts?> FindAsync(StorefrontDb db, Guid? skuId, string? code, CancellationToken ct)
    {
        var skus = db.Skus.AsNoTracking();
        skus = skuId is { } id ? skus.Where(s => s.Id == id) : skus.Where(s => s.Code == (code ?? "").Trim());
        return (from s in skus
                join p in db.Products on s.ProductId equals p.Id
                where p.Status != ProductStatus.Draft
                select new SkuFacts(s.Id, s.Code, p.Slug, p.Status, s.Price, s.OnHand - s.Reserved))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>The SKU a cart command names (by id, else by code), or a validation failure on that field when there is none on sale.</summary>
    public static async Task<SkuFacts> RequireAsync(StorefrontDb db, Guid? skuId, string? code, CancellationToken ct) =>
        await FindAsync(db, skuId, code, ct)
        ?? throw new ValidationException([new ValidationFailure(skuId is null ? "SkuCode" : "SkuId", OrderingText.CartUnknownSku)]);

    /// <summary>Refuses a quantity the store cannot sell now: delisted, sold out, or more than is left.</summary>
    public static void CheckCanBuy(SkuFacts sku, int quantity, int alreadyInCart = 0)
    {
        if (sku.Status != ProductStatus.Listed)
        {
            throw new DomainException("cart.delisted", OrderingText.CartNoteDelisted, isConflict: true);
        }

        if (sku.Available <= 0)
        {
            throw new DomainException("cart.sold_out", OrderingText.CartNoteSoldOut, isConflict: true);
        }

        if (quantity > sku.Available)
        {
            throw new DomainException("cart.stock", alreadyInCart > 0
                ? string.Format(OrderingText.CartStockWithCart, sku.Available, alreadyInCart)
                : string.Format(OrderingText.CartStock, sku.Available), isConflict: true);
        }
    }
}
