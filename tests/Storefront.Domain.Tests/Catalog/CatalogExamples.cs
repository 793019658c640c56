using System.Reflection;
using Storefront.Domain.Catalog;

namespace Storefront.Domain.Tests.Catalog;

/// <summary>Ready-made products, specs and SKU grids for the catalog tests.</summary>
internal static class CatalogExamples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    public static readonly Guid Tenant = Guid.Parse("0195f0b4-0000-7000-8000-000000000001");

    public static SpecAttribute Colors => new("颜色", ["红", "蓝"]);

    public static SpecAttribute Sizes => new("尺码", ["S", "M"]);

    public static IReadOnlyList<SpecAttribute> ColorsAndSizes => [Colors, Sizes];

    /// <summary>The full 2x2 grid of <see cref="ColorsAndSizes"/>, each with 10 on hand.</summary>
    public static IReadOnlyList<SkuDraft> Grid2x2(decimal price = 79m) =>
    [
        new(["红", "S"], "TS-RED-S", price, Stock: 10),
        new(["红", "M"], "TS-RED-M", price, Stock: 10),
        new(["蓝", "S"], "TS-BLUE-S", price, Stock: 10),
        new(["蓝", "M"], "TS-BLUE-M", price, Stock: 10),
    ];

    public static ProductDraft Draft(string name = "纯棉圆领T恤") => new(name, "  soft cotton  ", Slug: "cotton-tee");

    public static Product ProductWithGrid() => Product.Create(Tenant, Draft(), ColorsAndSizes, Grid2x2(), Now);

    /// <summary>A product without spec attributes: exactly one SKU.</summary>
    public static Product SingleSkuProduct(SkuDraft sku) => Product.Create(Tenant, Draft(), [], [sku], Now);

    public static Sku SingleSku(SkuDraft sku) => SingleSkuProduct(sku).Skus.Single();

    public static SkuDraft Plain(string code = "TS-1", decimal price = 79m, int stock = 10) => new([], code, price, Stock: stock);

    public static Sku SkuOf(this Product product, params string[] specValues) =>
        product.Skus.Single(s => s.SpecValues.SequenceEqual(specValues));

    /// <summary>
    /// Units held by unpaid orders. Only order placement reserves stock (by a conditional UPDATE in the database),
    /// so the domain offers no setter: tests set it directly.
    /// </summary>
    public static Sku WithReserved(this Sku sku, int reserved)
    {
        typeof(Sku).GetProperty(nameof(Sku.Reserved), BindingFlags.Public | BindingFlags.Instance)!.SetValue(sku, reserved);
        return sku;
    }
}
