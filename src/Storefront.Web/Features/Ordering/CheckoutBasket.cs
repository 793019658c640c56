using System.Globalization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Storefront.Domain.Catalog;
using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;
using Storefront.Web.Infrastructure.Caching;
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

    /// <summary>The owner's selected cart lines, oldest first, joined to their SKU and product (one statement).</summary>
    public static async Task<IReadOnlyList<Line>> SelectedLinesAsync(StorefrontDb db, Guid ownerId, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = TenantSessionInterceptor.NewBatch(db);
            batch.BatchCommands.Add(SelectedLinesCommand(db.TenantId!.Value, ownerId));
            await using var reader = await batch.ExecuteReaderAsync(ct);
            return await ReadSelectedLinesAsync(reader, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The statement behind <see cref="SelectedLinesAsync"/>, for a command that reads the lines in a batch with other
    /// statements (placing an order: one round trip); read its rows with <see cref="ReadSelectedLinesAsync"/>. At most
    /// <see cref="Order.MaxLines"/> + 1 lines, so the caller can tell a cart with too many.
    /// </summary>
    public static NpgsqlBatchCommand SelectedLinesCommand(Guid tenantId, Guid ownerId) => new("""
        select c.sku_id, s.product_id, p.category_id, p.name, p.slug, p.status, s.code, s.spec_values, coalesce(s.image, p.images[1]),
               s.price, c.price_when_added, c.quantity, s.weight_grams, s.on_hand - s.reserved
        from cart_lines c
        join skus s on s.tenant_id = c.tenant_id and s.id = c.sku_id
        join products p on p.tenant_id = s.tenant_id and p.id = s.product_id
        where c.tenant_id = $1 and c.owner_id = $2 and c.selected
        order by c.added_at, c.sku_id
        limit $3
        """)
    {
        Parameters = { new() { Value = tenantId }, new() { Value = ownerId }, new() { Value = Order.MaxLines + 1 } },
    };

    /// <summary>The rows of <see cref="SelectedLinesCommand"/>, the reader positioned on its result.</summary>
    public static async Task<IReadOnlyList<Line>> ReadSelectedLinesAsync(NpgsqlDataReader r, CancellationToken ct)
    {
        var lines = new List<Line>();
        while (await r.ReadAsync(ct))
        {
            lines.Add(new Line(r.GetGuid(0), r.GetGuid(1), r.IsDBNull(2) ? null : r.GetGuid(2), r.GetString(3), r.GetString(4),
                Enum.Parse<ProductStatus>(r.GetString(5)), r.GetString(6), string.Join(" / ", r.GetFieldValue<string[]>(7)),
                r.IsDBNull(8) ? null : r.GetString(8), r.GetDecimal(9), r.GetDecimal(10), r.GetInt32(11), r.GetInt32(12), r.GetInt32(13)));
        }

        return lines;
    }

    /// <summary>
    /// The active shipping methods, the default first. Read on every checkout, changed rarely: kept per store in the
    /// <see cref="CatalogCache"/>, which a committed change of the store's shipping methods evicts on every instance
    /// (<see cref="CatalogChanges.Of"/>), so the very next checkout prices with the change.
    /// </summary>
    public static Task<IReadOnlyList<ShippingTemplate>> ShippingMethodsAsync(StorefrontDb db, CatalogCache cache, CancellationToken ct) =>
        cache.GetAsync<IReadOnlyList<ShippingTemplate>>(db.TenantId!.Value, "shipping-methods", async c =>
            await db.ShippingTemplates.AsNoTracking().Where(t => t.IsActive)
                .OrderByDescending(t => t.IsDefault).ThenBy(t => t.Position).ThenBy(t => t.Name).ToListAsync(c), ct);

    /// <summary>The chosen method among <paramref name="methods"/>, or the default (null when the store has none).</summary>
    public static ShippingTemplate? Choose(IReadOnlyList<ShippingTemplate> methods, Guid? chosen) =>
        chosen is { } id ? methods.SingleOrDefault(m => m.Id == id) : methods.FirstOrDefault();

    /// <summary>The methods that deliver to <paramref name="address"/> (all of them while no address is known).</summary>
    public static IReadOnlyList<ShippingTemplate> DeliveringTo(IReadOnlyList<ShippingTemplate> methods, ShippingAddress? address) =>
        address is null ? methods : [.. methods.Where(m => m.DeliversTo(address))];

    /// <summary>
    /// The chosen method for an order to <paramref name="address"/>: refused when it does not deliver there; with none
    /// chosen, the first (the default first) that does.
    /// </summary>
    public static ShippingTemplate? ChooseFor(IReadOnlyList<ShippingTemplate> methods, Guid? chosen, ShippingAddress address)
    {
        var delivering = DeliveringTo(methods, address);
        if (chosen is { } id && methods.SingleOrDefault(m => m.Id == id) is { } method && !method.DeliversTo(address))
        {
            throw new DomainException("checkout.shipping-region", string.Format(CultureInfo.CurrentCulture, OrderingText.CheckoutShippingNotToRegion,
                method.Name, address.Province));
        }

        return Choose(delivering, chosen);
    }
}

/// <summary>An address typed at checkout (not from the address book).</summary>
public sealed class CheckoutAddress
{
    public string Name { get; set; } = "";

    public string Phone { get; set; } = "";

    // Names are optional when the codes are given: the checkout form's pickers post codes only.
    public string? Province { get; set; } = "";

    public string? City { get; set; } = "";

    public string? District { get; set; } = "";

    public string Street { get; set; } = "";

    /// <summary>The 省/市/区 by official code, when the form or the API gives them (the names then follow).</summary>
    public string? ProvinceCode { get; set; }

    public string? CityCode { get; set; }

    public string? DistrictCode { get; set; }

    internal bool ByCode => !string.IsNullOrWhiteSpace(ProvinceCode) || !string.IsNullOrWhiteSpace(CityCode) || !string.IsNullOrWhiteSpace(DistrictCode);

    public ShippingAddress ToAddress() =>
        AdministrativeDivisions.Official.CreateAddress(Name, Phone, ProvinceCode, CityCode, DistrictCode, Province ?? "", City ?? "", District ?? "", Street);

    /// <summary>The same rules as <see cref="ShippingAddress.Create(string, string, string, string, string, string)"/>, as field errors.</summary>
    internal sealed class Validator : AbstractValidator<CheckoutAddress>
    {
        public Validator()
        {
            RuleFor(a => a.Name).NotEmpty().MaximumLength(ShippingAddress.NameMaxLength).WithName(_ => OrderingText.CheckoutConsignee);
            RuleFor(a => a.Phone)
                .Must(ShippingAddress.IsMainlandMobile)
                .WithMessage(_ => OrderingText.CheckoutInvalidMobile)
                .WithName(_ => OrderingText.CheckoutPhone);
            When(a => !a.ByCode, () =>
            {
                RuleFor(a => a.Province).NotEmpty().MaximumLength(ShippingAddress.RegionMaxLength).WithName(_ => OrderingText.CheckoutProvince);
                RuleFor(a => a.City).NotEmpty().MaximumLength(ShippingAddress.RegionMaxLength).WithName(_ => OrderingText.CheckoutCity);
                RuleFor(a => a.District).NotEmpty().MaximumLength(ShippingAddress.RegionMaxLength).WithName(_ => OrderingText.CheckoutDistrict);
            });
            When(a => a.ByCode, () => DivisionRules.Add(this, a => a.ProvinceCode, a => a.CityCode, a => a.DistrictCode));
            RuleFor(a => a.Street).NotEmpty().Length(2, ShippingAddress.StreetMaxLength).WithName(_ => OrderingText.CheckoutStreet);
        }
    }
}
