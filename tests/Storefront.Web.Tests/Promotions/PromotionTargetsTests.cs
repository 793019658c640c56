using System.Net.Http.Json;
using System.Text.Json;
using Storefront.Domain.Catalog;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Promotions;

/// <summary>The SKU pickers of the flash-sale and price-preview forms: a SKU reads as its product and spec values.</summary>
public sealed class PromotionTargetsTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task A_sku_is_offered_by_product_name_and_spec_values_not_by_code_alone()
    {
        var slug = "pt-" + Guid.NewGuid().ToString("N")[..8];
        await app.ProductAsync("demo", new CreateProduct.Command
        {
            Name = "选择器T恤",
            Slug = slug,
            Specs = [new SpecAttribute("颜色", ["红", "蓝"]), new SpecAttribute("尺码", ["M"])],
            Skus =
            [
                new() { SpecValues = ["红", "M"], Code = slug + "-RM", Price = 99m, Stock = 5 },
                new() { SpecValues = ["蓝", "M"], Code = slug + "-BM", Price = 109m, Stock = 5 },
            ],
        });
        var operatorClient = app.ClientFor("demo");
        await operatorClient.SignInStaffAsync("operator@demo.local");

        var targets = await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/admin/promotions/targets");

        var labels = targets.GetProperty("skus").EnumerateArray().Select(s => s.GetProperty("label").GetString()).ToList();
        Assert.Contains($"选择器T恤 · 红 / M · ¥99.00 · {slug}-RM", labels);
        Assert.Contains($"选择器T恤 · 蓝 / M · ¥109.00 · {slug}-BM", labels);
    }
}
