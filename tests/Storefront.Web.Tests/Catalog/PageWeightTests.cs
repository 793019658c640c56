using Storefront.Web.Features.Catalog;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Catalog;

/// <summary>
/// What a phone downloads and paints first (bench/pages.sh): shopper pages do without the admin's component script,
/// and the first screen of product cards loads its pictures at once, the rest lazily.
/// </summary>
public sealed class PageWeightTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/search?q=%E5%A3%B6")]
    [InlineData("/cart")]
    [InlineData("/account/login")]
    public async Task Shopper_pages_do_not_load_Radzen_s_script(string path)
    {
        var page = await app.ClientFor("demo").GetPageAsync(path);

        var scripts = page.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!).ToList();
        Assert.Contains(scripts, s => s.Contains("blazor.web", StringComparison.Ordinal));
        Assert.DoesNotContain(scripts, s => s.Contains("Radzen", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("/admin/login")]
    [InlineData("/platform/login")]
    public async Task Staff_pages_load_Radzen_s_script(string path)
    {
        var page = await app.ClientFor(path.StartsWith("/platform", StringComparison.Ordinal) ? "" : "demo").GetPageAsync(path);

        Assert.Contains(page.QuerySelectorAll("script[src]"), s => s.GetAttribute("src")!.Contains("Radzen.Blazor.js", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_first_screen_of_a_category_loads_its_pictures_at_once_and_the_rest_lazily()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var category = await app.CategoryAsync("demo", "首屏 " + tag, "weight-" + tag);
        for (var i = 0; i < ProductCard.FirstScreen + 3; i++)
        {
            await app.ProductAsync("demo", new CreateProduct.Command
            {
                Name = $"首屏壶 {tag} {i}",
                Price = 100m + i,
                Stock = 5,
                Slug = $"weight-{tag}-{i}",
                List = true,
                CategoryId = category,
                Images = [$"{i:x64}.png"],
            });
        }

        var page = await app.ClientFor("demo").GetPageAsync("/c/weight-" + tag);

        var images = page.QuerySelectorAll("[data-testid=results] [data-testid=product-card] img").ToList();
        Assert.Equal(ProductCard.FirstScreen + 3, images.Count);
        Assert.All(images.Take(ProductCard.FirstScreen), img => Assert.Equal(("eager", "high"), (img.GetAttribute("loading"), img.GetAttribute("fetchpriority"))));
        Assert.All(images.Skip(ProductCard.FirstScreen), img => Assert.Equal(("lazy", null), (img.GetAttribute("loading"), img.GetAttribute("fetchpriority"))));
    }
}
