using System.Net;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Web;

public sealed class SmokeTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task Demo_store_home_page_lists_its_products()
    {
        var html = await app.ClientFor("demo").GetStringAsync("/");
        Assert.Contains("纯棉圆领T恤", html);
        Assert.DoesNotContain("Acme Anvil", html);
    }

    [Fact]
    public async Task Unknown_store_gets_a_404_page()
    {
        var response = await app.ClientFor("nosuchstore").GetAsync("/");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("店铺不存在", await response.Content.ReadAsStringAsync());
    }
}
