using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Domain.Members;
using Storefront.Domain.Ordering;
using Storefront.Domain.Promotions;

namespace Storefront.Web.Infrastructure.Caching;

/// <summary>Which catalog changes a unit of work makes, read off its change tracker (the transaction behaviour announces them).</summary>
public static class CatalogChanges
{
    /// <summary>
    /// The shoppers whose member tier the unit of work changes (call before SaveChanges): the pages they are served show
    /// their tier's price, so what each instance keeps about them is dropped when it commits (docs/decisions/0028).
    /// </summary>
    public static List<Guid> RegradedShoppers(DbContext db) =>
        [.. db.ChangeTracker.Entries<MemberAccount>()
            .Where(e => e.State == EntityState.Added || (e.State == EntityState.Modified && e.Property(a => a.TierId).IsModified))
            .Select(e => e.Entity.ShopperId)];

    /// <summary>
    /// What the unit of work is about to change (call before SaveChanges), in one pass over its entries. Changed: whether
    /// it changes catalog rows or the store's shipping methods (kept here too: checkout reads them on every order, see
    /// CheckoutBasket.ShippingMethodsAsync), also when the command declares it or its SQL did. Products: those it saves
    /// (products, SKUs) and those its SQL named; null when the change may reach further (a category or its slugs, SQL that
    /// named no products, or more than <see cref="CatalogCache.MaxNamedProducts"/> products).
    /// </summary>
    public static (bool Changed, IReadOnlyCollection<Guid>? Products) Of(DbContext db, bool declared, IReadOnlyCollection<Guid> namedBySql, bool unknownBySql)
    {
        var changed = declared || unknownBySql || namedBySql.Count > 0;
        var whole = unknownBySql;
        var products = new HashSet<Guid>(namedBySql);
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case Product product:
                    products.Add(product.Id);
                    changed = true;
                    break;
                case Sku sku:
                    products.Add(sku.ProductId);
                    changed = true;
                    break;
                case Category or CategorySlugRedirect or SynonymGroup:
                    whole = changed = true;
                    break;
                case ShippingTemplate:
                    changed = true;
                    break;
                case MemberTier:
                    changed = true;   // signed-in members' pages show the tier's price (docs/decisions/0028)
                    break;
                case OrderPromotion or FlashSale or FlashSaleItem or Coupon:
                    changed = true;   // product cards show their promotion tags (docs/decisions/0031); the search index is untouched
                    break;
            }
        }

        return (changed, !changed || whole || products.Count > CatalogCache.MaxNamedProducts ? null : products);
    }
}
