using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// What checkout works on, shared by the preview and placing: the shopper's selected cart lines with the SKU and product
/// as they are now (price, stock, listing), and the shipping method chosen (or the store's default).
/// </summary>
internal static class CheckoutBasket
{
    public sealed record Line(
        Guid SkuId,
        Guid ProductId,
        Guid? CategoryId,
        string ProductName,
        string ProductSlug,
        ProductStatus ProductStatus,
        string SkuCode,
        string SpecText,
        string? Image,
        decimal UnitPrice,
        decimal PriceWhenAdded,
        int Quantity,
        int WeightGrams,
        int Available)
    {
        public bool IsListed => ProductStatus == ProductStatus.Listed;

        public PricingLine Pricing => new(SkuId, ProductId, CategoryId, UnitPrice, Quantity, WeightGrams);

        public OrderItem Item => new(ProductId, SkuId, ProductName, ProductSlug, SkuCode, SpecText, Image, WeightGrams, Quantity);
    }

    /// <summary>The owner's selected cart lines, oldest first, joined to their SKU and product.</summary>
    public static async Task<IReadOnlyList<Line>> SelectedLinesAsync(StorefrontDb db, Guid ownerId, CancellationToken ct)
    {
        var rows = await (from c in db.CartLines.AsNoTracking()
                          where c.OwnerId == ownerId && c.Selected
                          join s in db.Skus.AsNoTracking() on c.SkuId equals s.Id
                          join p in db.Products.AsNoTracking() on s.ProductId equals p.Id
                          orderby c.AddedAt, c.SkuId
                          select new
                          {
                              c.SkuId,
                              s.ProductId,
                              p.CategoryId,
                              p.Name,
                              p.Slug,
                              p.Status,
                              s.Code,
                              s.SpecValues,
                              SkuImage = s.Image,
                              p.Images,
                              s.Price,
                              c.PriceWhenAdded,
                              c.Quantity,
                              s.WeightGrams,
                              s.OnHand,
                              s.Reserved,
                          })
            .Take(Order.MaxLines + 1)
            .ToListAsync(ct);
        return rows.Select(r => new Line(r.SkuId, r.ProductId, r.CategoryId, r.Name, r.Slug, r.Status, r.Code, string.Join(" / ", r.SpecValues),
            r.SkuImage ?? r.Images.FirstOrDefault(), r.Price, r.PriceWhenAdded, r.Quantity, r.WeightGrams, r.OnHand - r.Reserved)).ToList();
    }

    /// <summary>The active shipping methods, the default first.</summary>
    public static async Task<IReadOnlyList<ShippingTemplate>> ShippingMethodsAsync(StorefrontDb db, CancellationToken ct) =>
        await db.ShippingTemplates.AsNoTracking().Where(t => t.IsActive)
            .OrderByDescending(t => t.IsDefault).ThenBy(t => t.Position).ThenBy(t => t.Name).ToListAsync(ct);

    /// <summary>The chosen method among <paramref name="methods"/>, or the default (null when the store has none).</summary>
    public static ShippingTemplate? Choose(IReadOnlyList<ShippingTemplate> methods, Guid? chosen) =>
        chosen is { } id ? methods.SingleOrDefault(m => m.Id == id) : methods.FirstOrDefault();
}

/// <summary>An address typed at checkout (not from the address book).</summary>
public sealed class CheckoutAddress
{
    public string Name { get; set; } = "";

    public string Phone { get; set; } = "";

    public string Province { get; set; } = "";

    public string City { get; set; } = "";

    public string District { get; set; } = "";

    public string Street { get; set; } = "";

    public ShippingAddress ToAddress() => ShippingAddress.Create(Name, Phone, Province, City, District, Street);

    /// <summary>The same rules as <see cref="ShippingAddress.Create"/>, as field errors.</summary>
    internal sealed class Validator : AbstractValidator<CheckoutAddress>
    {
        public Validator()
        {
            RuleFor(a => a.Name).NotEmpty().MaximumLength(ShippingAddress.NameMaxLength).WithName(_ => Text.CheckoutConsignee);
            RuleFor(a => a.Phone).Must(ShippingAddress.IsMainlandMobile).WithMessage(_ => Text.CheckoutInvalidMobile).WithName(_ => Text.CheckoutPhone);
            RuleFor(a => a.Province).NotEmpty().MaximumLength(ShippingAddress.RegionMaxLength).WithName(_ => Text.CheckoutProvince);
            RuleFor(a => a.City).NotEmpty().MaximumLength(ShippingAddress.RegionMaxLength).WithName(_ => Text.CheckoutCity);
            RuleFor(a => a.District).NotEmpty().MaximumLength(ShippingAddress.RegionMaxLength).WithName(_ => Text.CheckoutDistrict);
            RuleFor(a => a.Street).NotEmpty().Length(2, ShippingAddress.StreetMaxLength).WithName(_ => Text.CheckoutStreet);
        }
    }
}
