using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Features.Ordering;
using Storefront.Web.Tests.Infrastructure;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.Ordering;

/// <summary>
/// The cart over real HTTP and PostgreSQL: guests (cookie) and shoppers, the merge on sign-in, prices and stock
/// re-checked on every view, refusals that change nothing, the cart page and the product page's add-to-cart form.
/// </summary>
public sealed class CartTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() }
    };

    private async Task<Dictionary<string, Guid>> ProductAsync(string name, decimal price = 99m, params (string Code, int Stock)[] skus) =>
        await app.SeedProductAsync("demo", name, price, categoryId: null, list: true, [.. skus.Select(s => (s.Code, s.Stock, 0))]);

    private static async Task<CartContents.Cart> CartAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync("/api/v1/cart" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CartContents.Cart>(Json))!;
    }

    private static Task<HttpResponseMessage> AddAsync(HttpClient client, Guid skuId, int quantity) =>
        client.PostAsJsonAsync("/api/v1/cart/lines", new { skuId, quantity });

    private Task SetSkuAsync(Guid skuId, decimal? price = null, int? onHand = null) => app.InStoreAsync("demo", async db =>
    {
        if (price is { } p)
        {
            await db.Database.ExecuteSqlAsync($"update skus set price = {p} where id = {skuId}");
        }

        if (onHand is { } n)
        {
            await db.Database.ExecuteSqlAsync($"update skus set on_hand = {n} where id = {skuId}");
        }

        return 0;
    });

    private async Task<HttpClient> NewShopperAsync(string email)
    {
        var client = app.ClientFor("demo");
        var response = await client.PostAsJsonAsync("/api/v1/account/register", new { email, password = "storefront-demo", displayName = "买家" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    private static bool HasCartCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.Any(c => c.StartsWith(CartOwner.Cookie + "=", StringComparison.Ordinal)
                && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task A_guest_gets_a_cart_cookie_and_adding_the_same_sku_again_adds_to_its_line()
    {
        var skus = await ProductAsync("购物车T恤", 99m, ("ct-guest-1", 10), ("ct-guest-2", 10));
        var guest = app.ClientFor("demo");

        var first = await AddAsync(guest, skus["ct-guest-1"], 2);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(HasCartCookie(first));
        await AddAsync(guest, skus["ct-guest-1"], 1);
        await AddAsync(guest, skus["ct-guest-2"], 1);

        var cart = await CartAsync(guest);
        Assert.Equal(2, cart.LineCount);
        var line = cart.Lines.Single(l => l.SkuCode == "ct-guest-1");
        Assert.Equal(3, line.Quantity);
        Assert.Equal(99m, line.UnitPrice);
        Assert.Equal(10, line.Available);
        Assert.Equal(CartContents.LineStatus.Ok, line.Status);
        Assert.Empty(line.Notes);
        Assert.Equal(4, cart.SelectedQuantity);
        Assert.Equal(396m, cart.SelectedSubtotal);
        Assert.True(cart.ReadyToCheckOut);

        // Another browser has a cart of its own.
        Assert.Empty((await CartAsync(app.ClientFor("demo"))).Lines);
    }

    [Fact]
    public async Task A_signed_in_shoppers_cart_follows_them_to_another_browser()
    {
        var skus = await ProductAsync("跟随购物车", 50m, ("ct-follow", 10));
        var phone = await NewShopperAsync("cart-follow@example.com");
        await AddAsync(phone, skus["ct-follow"], 2);

        var laptop = app.ClientFor("demo");
        await laptop.SignInShopperAsync("cart-follow@example.com");

        var line = Assert.Single((await CartAsync(laptop)).Lines);
        Assert.Equal(2, line.Quantity);
        Assert.Equal(1, await app.CountAsync("demo", $"from cart_lines where sku_id = '{skus["ct-follow"]}'"));
    }

    [Fact]
    public async Task Signing_in_merges_the_guest_cart_adding_quantities_capped_at_999()
    {
        var skus = await ProductAsync("合并购物车", 10m, ("ct-merge-a", 5000), ("ct-merge-b", 10), ("ct-merge-c", 5000));
        var elsewhere = await NewShopperAsync("cart-merge@example.com");
        await AddAsync(elsewhere, skus["ct-merge-a"], 3);
        await AddAsync(elsewhere, skus["ct-merge-c"], 900);

        var guest = app.ClientFor("demo");
        await AddAsync(guest, skus["ct-merge-a"], 2);
        await AddAsync(guest, skus["ct-merge-b"], 1);
        await AddAsync(guest, skus["ct-merge-c"], 200);

        var login = await guest.PostAsJsonAsync("/api/v1/account/login", new { email = "cart-merge@example.com", password = "storefront-demo" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith(CartOwner.Cookie + "=;", StringComparison.Ordinal));

        var cart = await CartAsync(guest);
        Assert.Equal(5, cart.Lines.Single(l => l.SkuCode == "ct-merge-a").Quantity);
        Assert.Equal(1, cart.Lines.Single(l => l.SkuCode == "ct-merge-b").Quantity);
        Assert.Equal(999, cart.Lines.Single(l => l.SkuCode == "ct-merge-c").Quantity);
        Assert.Equal(3, (await CartAsync(elsewhere)).LineCount);

        // Nothing is left under the guest's id.
        Assert.Equal(3,
            await app.CountAsync("demo", $"from cart_lines where sku_id in ('{skus["ct-merge-a"]}', '{skus["ct-merge-b"]}', '{skus["ct-merge-c"]}')"));
    }

    [Fact]
    public async Task A_cart_cookie_holding_a_shoppers_id_neither_shows_nor_changes_their_cart_nor_merges_it_at_sign_in()
    {
        var skus = await ProductAsync("别人的购物车", 30m, ("ct-victim", 10), ("ct-forger", 10));
        var (victim, victimId) = await app.NewShopperAsync();
        Assert.Equal(HttpStatusCode.OK, (await AddAsync(victim, skus["ct-victim"], 2)).StatusCode);

        // The attack: an anonymous client sends the victim's id as the app formats ids, as its cart cookie.
        var forger = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("http://demo.localhost"),
            AllowAutoRedirect = false,
            HandleCookies = false,
        });
        forger.DefaultRequestHeaders.Add("Cookie", $"{CartOwner.Cookie}={victimId:N}");
        forger.DefaultRequestHeaders.Add("X-Requested-With", "XMLHttpRequest");   // a script of its own: past the cross-site rule

        Assert.Empty((await CartAsync(forger)).Lines);
        await forger.PatchAsJsonAsync($"/api/v1/cart/lines/{skus["ct-victim"]}", new { quantity = 9 });
        await forger.PatchAsJsonAsync("/api/v1/cart", new { selectAll = false });
        await forger.DeleteAsync($"/api/v1/cart/lines/{skus["ct-victim"]}");
        await AddAsync(forger, skus["ct-forger"], 1);
        var line = Assert.Single((await CartAsync(victim)).Lines);
        Assert.Equal(("ct-victim", 2, true), (line.SkuCode, line.Quantity, line.Selected));

        // Signing in to another account with the forged cookie takes nothing of the victim's.
        var email = $"cart-forger-{Guid.NewGuid():N}@example.com";
        await NewShopperAsync(email);
        var login = await forger.PostAsJsonAsync("/api/v1/account/login", new { email, password = "storefront-demo" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        line = Assert.Single((await CartAsync(victim)).Lines);
        Assert.Equal(("ct-victim", 2), (line.SkuCode, line.Quantity));
        Assert.Equal(0, await app.CountAsync("demo", $"from cart_lines where sku_id = '{skus["ct-victim"]}' and owner_id <> '{victimId}'"));
    }

    [Fact]
    public async Task Registering_keeps_what_the_guest_put_in_the_cart()
    {
        var skus = await ProductAsync("注册保留", 10m, ("ct-register", 10));
        var guest = app.ClientFor("demo");
        await AddAsync(guest, skus["ct-register"], 2);

        var register = await guest.PostAsJsonAsync("/api/v1/account/register",
            new { email = "cart-register@example.com", password = "storefront-demo", displayName = "新买家" });
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);

        var other = app.ClientFor("demo");
        await other.SignInShopperAsync("cart-register@example.com");
        Assert.Equal(2, Assert.Single((await CartAsync(other)).Lines).Quantity);
    }

    [Fact]
    public async Task A_price_change_since_adding_is_noted_until_the_shopper_accepts_it()
    {
        var skus = await ProductAsync("变价商品", 99m, ("ct-price", 10));
        var guest = app.ClientFor("demo");
        await AddAsync(guest, skus["ct-price"], 2);

        await SetSkuAsync(skus["ct-price"], price: 89m);
        var cart = await CartAsync(guest);
        var line = Assert.Single(cart.Lines);
        Assert.Equal(89m, line.UnitPrice);
        Assert.Equal(99m, line.PriceWhenAdded);
        Assert.True(line.PriceChanged);
        Assert.Equal(CartContents.LineStatus.Ok, line.Status);
        var note = Assert.Single(line.Notes);
        Assert.Equal("price_down", note.Code);
        Assert.Equal("降价了：加入时 ¥99.00，现价 ¥89.00。", note.Message);
        Assert.Equal(178m, cart.SelectedSubtotal);

        await SetSkuAsync(skus["ct-price"], price: 109m);
        Assert.Equal("涨价了：加入时 ¥99.00，现价 ¥109.00。", Assert.Single(Assert.Single((await CartAsync(guest)).Lines).Notes).Message);

        var accepted = await guest.PatchAsJsonAsync("/api/v1/cart", new { acknowledgePrices = true });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        line = Assert.Single((await CartAsync(guest)).Lines);
        Assert.Empty(line.Notes);
        Assert.Equal(109m, line.PriceWhenAdded);
    }

    [Fact]
    public async Task A_sku_that_sold_out_or_ran_short_or_was_delisted_since_adding_is_noted_and_blocks_checkout()
    {
        var skus = await ProductAsync("售罄商品", 20m, ("ct-sold-1", 10), ("ct-sold-2", 10));
        var delisted = await ProductAsync("下架商品", 30m, ("ct-delisted", 10));
        var guest = app.ClientFor("demo");
        await AddAsync(guest, skus["ct-sold-1"], 2);
        await AddAsync(guest, skus["ct-sold-2"], 3);
        await AddAsync(guest, delisted["ct-delisted"], 1);

        await SetSkuAsync(skus["ct-sold-1"], onHand: 0);
        await SetSkuAsync(skus["ct-sold-2"], onHand: 1);
        var slug = await app.InStoreAsync("demo", db =>
            db.Skus.Where(s => s.Id == delisted["ct-delisted"]).Join(db.Products, s => s.ProductId, p => p.Id, (s, p) => p.Slug).SingleAsync());
        await app.DelistAsync("demo", slug);

        var cart = await CartAsync(guest);
        var soldOut = cart.Lines.Single(l => l.SkuCode == "ct-sold-1");
        Assert.Equal(CartContents.LineStatus.SoldOut, soldOut.Status);
        Assert.Equal("该规格已售罄。", Assert.Single(soldOut.Notes).Message);
        var short_ = cart.Lines.Single(l => l.SkuCode == "ct-sold-2");
        Assert.Equal(CartContents.LineStatus.NotEnoughStock, short_.Status);
        Assert.Equal("库存不足：仅剩 1 件，请减少数量。", Assert.Single(short_.Notes).Message);
        var gone = cart.Lines.Single(l => l.SkuCode == "ct-delisted");
        Assert.Equal(CartContents.LineStatus.Delisted, gone.Status);
        Assert.Equal("该商品已下架，无法购买。", Assert.Single(gone.Notes).Message);
        Assert.False(cart.ReadyToCheckOut);
        Assert.Equal(0m, cart.SelectedSubtotal);

        // Lowering the short line and unselecting the others makes the cart ready again.
        Assert.Equal(HttpStatusCode.OK, (await guest.PatchAsJsonAsync($"/api/v1/cart/lines/{skus["ct-sold-2"]}", new { quantity = 1 })).StatusCode);
        await guest.PatchAsJsonAsync($"/api/v1/cart/lines/{skus["ct-sold-1"]}", new { selected = false });
        await guest.PatchAsJsonAsync($"/api/v1/cart/lines/{delisted["ct-delisted"]}", new { selected = false });
        cart = await CartAsync(guest);
        Assert.True(cart.ReadyToCheckOut);
        Assert.Equal(20m, cart.SelectedSubtotal);

        // The checkout's query: only the selected lines.
        Assert.Equal(["ct-sold-2"], (await CartAsync(guest, "?selectedOnly=true")).Lines.Select(l => l.SkuCode));
        Assert.Equal(["ct-sold-2"], (await app.InStoreAsync("demo", async db =>
        {
            var owner = await db.CartLines.Where(l => l.SkuId == skus["ct-sold-2"]).Select(l => l.OwnerId).SingleAsync();
            return await CartContents.LoadAsync(db, owner, selectedOnly: true, "CNY", default);
        })).Lines.Select(l => l.SkuCode));
    }

    [Fact]
    public async Task Bad_quantities_unknown_skus_and_delisted_products_are_refused_and_change_nothing()
    {
        var skus = await ProductAsync("拒绝测试", 15m, ("ct-bad", 3));
        var delisted = await ProductAsync("已下架拒绝", 15m, ("ct-bad-delisted", 3));
        var slug = await app.InStoreAsync("demo", db =>
            db.Skus.Where(s => s.Id == delisted["ct-bad-delisted"]).Join(db.Products, s => s.ProductId, p => p.Id, (s, p) => p.Slug).SingleAsync());
        await app.DelistAsync("demo", slug);
        var guest = app.ClientFor("demo");

        var zero = await ProblemAsync(await AddAsync(guest, skus["ct-bad"], 0), HttpStatusCode.BadRequest);
        Assert.Equal("数量必须在 1 到 999 之间。", zero.GetProperty("errors").GetProperty("quantity")[0].GetString());
        await ProblemAsync(await AddAsync(guest, skus["ct-bad"], -2), HttpStatusCode.BadRequest);
        var tooMany = await ProblemAsync(await AddAsync(guest, skus["ct-bad"], 4), HttpStatusCode.Conflict);
        Assert.Equal("库存不足：该规格仅剩 3 件。", tooMany.GetProperty("title").GetString());
        var unknown = await ProblemAsync(await AddAsync(guest, Guid.NewGuid(), 1), HttpStatusCode.BadRequest);
        Assert.Equal("没有这个商品规格。", unknown.GetProperty("errors").GetProperty("skuId")[0].GetString());
        var off = await ProblemAsync(await AddAsync(guest, delisted["ct-bad-delisted"], 1), HttpStatusCode.Conflict);
        Assert.Equal("该商品已下架，无法购买。", off.GetProperty("title").GetString());
        var broken = await guest.PostAsync("/api/v1/cart/lines", new StringContent("{\"skuId\":", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Empty((await CartAsync(guest)).Lines);

        // With two in the cart, adding two more is more than the three left.
        Assert.Equal(HttpStatusCode.OK, (await AddAsync(guest, skus["ct-bad"], 2)).StatusCode);
        var more = await ProblemAsync(await AddAsync(guest, skus["ct-bad"], 2), HttpStatusCode.Conflict);
        Assert.Equal("库存不足：该规格仅剩 3 件，购物车中已有 2 件。", more.GetProperty("title").GetString());
        await ProblemAsync(await guest.PatchAsJsonAsync($"/api/v1/cart/lines/{skus["ct-bad"]}", new { quantity = 0 }), HttpStatusCode.BadRequest);
        await ProblemAsync(await guest.PatchAsJsonAsync($"/api/v1/cart/lines/{skus["ct-bad"]}", new { quantity = -1 }), HttpStatusCode.BadRequest);
        await ProblemAsync(await guest.PatchAsJsonAsync($"/api/v1/cart/lines/{skus["ct-bad"]}", new { quantity = 4 }), HttpStatusCode.Conflict);
        await ProblemAsync(await guest.PatchAsJsonAsync($"/api/v1/cart/lines/{skus["ct-bad"]}", new { }), HttpStatusCode.BadRequest);
        await ProblemAsync(await guest.PatchAsJsonAsync($"/api/v1/cart/lines/{Guid.NewGuid()}", new { quantity = 1 }), HttpStatusCode.NotFound);
        await ProblemAsync(await guest.DeleteAsync($"/api/v1/cart/lines/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        Assert.Equal(2, Assert.Single((await CartAsync(guest)).Lines).Quantity);

        // Someone else's browser cannot touch this cart's line.
        await ProblemAsync(await app.ClientFor("demo").PatchAsJsonAsync($"/api/v1/cart/lines/{skus["ct-bad"]}", new { quantity = 1 }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Lines_can_be_unselected_reselected_all_at_once_and_removed()
    {
        var skus = await ProductAsync("选择测试", 10m, ("ct-sel-1", 10), ("ct-sel-2", 10));
        var guest = app.ClientFor("demo");
        await AddAsync(guest, skus["ct-sel-1"], 1);
        await AddAsync(guest, skus["ct-sel-2"], 2);

        var response = await guest.PatchAsJsonAsync($"/api/v1/cart/lines/{skus["ct-sel-2"]}", new { selected = false });
        var cart = (await response.Content.ReadFromJsonAsync<CartContents.Cart>(Json))!;
        Assert.Equal(1, cart.SelectedLines);
        Assert.Equal(10m, cart.SelectedSubtotal);

        await guest.PatchAsJsonAsync("/api/v1/cart", new { selectAll = true });
        Assert.Equal(2, (await CartAsync(guest)).SelectedLines);
        await guest.PatchAsJsonAsync("/api/v1/cart", new { selectAll = false });
        Assert.False((await CartAsync(guest)).ReadyToCheckOut);

        var removed = await guest.DeleteAsync($"/api/v1/cart/lines/{skus["ct-sel-1"]}");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(["ct-sel-2"], (await CartAsync(guest)).Lines.Select(l => l.SkuCode));
    }

    [Fact]
    public async Task The_product_page_form_adds_to_the_cart_and_the_header_badge_counts_the_lines()
    {
        await ProductAsync("表单加购", 25m, ("ct-form-1", 10), ("ct-form-2", 4));
        var slug = await app.InStoreAsync("demo", db =>
            db.Skus.Where(s => s.Code == "ct-form-1").Join(db.Products, s => s.ProductId, p => p.Id, (s, p) => p.Slug).SingleAsync());
        var browser = app.ClientFor("demo");

        var page = await browser.GetPageAsync("/p/" + slug);
        var button = page.QuerySelector("[data-testid=add-to-cart]")!;
        Assert.Equal("/cart/add", button.GetAttribute("formaction"));
        Assert.Null(page.QuerySelector("[data-testid=cart-badge]"));
        Assert.Null(page.QuerySelector("input[name=__RequestVerificationToken]"));   // nothing per visitor in a cacheable page

        var added = await PostFormAsync(browser, "/cart/add", new() { ["sku"] = "ct-form-2", ["quantity"] = "2" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal("/cart?added=ct-form-2", added.Headers.Location?.OriginalString);

        var cartPage = await browser.GetPageAsync("/cart?added=ct-form-2");
        Assert.NotNull(cartPage.QuerySelector("[data-testid=cart-added]"));
        var row = cartPage.QuerySelector("[data-testid=cart-line][data-sku=ct-form-2]")!;
        Assert.Equal("2", Quantity(row));
        Assert.Equal("1", cartPage.QuerySelector("[data-testid=cart-badge]")?.TextContent);

        // The product page seen again carries this visitor's badge (not a cached anonymous copy).
        page = await browser.GetPageAsync("/p/" + slug);
        Assert.Equal("1", page.QuerySelector("[data-testid=cart-badge]")?.TextContent);

        // More than is left goes back to the product with the reason.
        var refused = await PostFormAsync(browser, "/cart/add", new() { ["sku"] = "ct-form-2", ["quantity"] = "3" });
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal($"/p/{slug}?sku=ct-form-2&cart=stock", refused.Headers.Location?.OriginalString);
        page = await browser.GetPageAsync(refused.Headers.Location!.OriginalString);
        Assert.Equal("库存不足：该规格仅剩 4 件（购物车中已有的也计算在内）。", page.QuerySelector("[data-testid=add-to-cart-error]")?.TextContent);
        var zero = await PostFormAsync(browser, "/cart/add", new() { ["sku"] = "ct-form-1", ["quantity"] = "0" });
        Assert.EndsWith("&cart=quantity", zero.Headers.Location?.OriginalString);
        Assert.Equal(2, Assert.Single((await CartAsync(browser)).Lines).Quantity);
    }

    [Fact]
    public async Task The_add_to_cart_form_refuses_posts_from_other_sites()
    {
        await ProductAsync("跨站加购", 25m, ("ct-csrf", 10));
        var browser = app.ClientFor("demo");

        var crossSite = await PostFormAsync(browser, "/cart/add", new() { ["sku"] = "ct-csrf", ["quantity"] = "1" }, origin: "http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        var fetchCrossSite = new HttpRequestMessage(HttpMethod.Post, "/cart/add")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["sku"] = "ct-csrf", ["quantity"] = "1" })
        };
        fetchCrossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(fetchCrossSite)).StatusCode);
        var noOrigin = await browser.PostAsync("/cart/add",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["sku"] = "ct-csrf", ["quantity"] = "1" }));
        Assert.Equal(HttpStatusCode.Forbidden, noOrigin.StatusCode);
        Assert.Empty((await CartAsync(browser)).Lines);
    }

    [Fact]
    public async Task The_cart_page_changes_quantities_shows_refusals_beside_the_line_and_removes_lines()
    {
        await ProductAsync("页面购物车", 12m, ("ct-page-1", 5), ("ct-page-2", 5));
        var browser = app.ClientFor("demo");
        await PostFormAsync(browser, "/cart/add", new() { ["sku"] = "ct-page-1", ["quantity"] = "1" });
        await PostFormAsync(browser, "/cart/add", new() { ["sku"] = "ct-page-2", ["quantity"] = "1" });

        var page = await SubmitLineFormAsync(browser, "ct-page-1", "cart-quantity-", new() { ["Quantity"] = "3" });
        Assert.Equal("3", Quantity(Line(page, "ct-page-1")));
        Assert.Contains("¥36.00", Line(page, "ct-page-1").QuerySelector("[data-testid=line-total]")!.TextContent);
        Assert.Contains("¥48.00", page.QuerySelector("[data-testid=selected-subtotal]")!.TextContent);

        page = await SubmitLineFormAsync(browser, "ct-page-1", "cart-quantity-", new() { ["Quantity"] = "0" });
        Assert.Equal("数量必须在 1 到 999 之间。", Line(page, "ct-page-1").QuerySelector("[data-testid=line-error]")?.TextContent);
        page = await SubmitLineFormAsync(browser, "ct-page-1", "cart-quantity-", new() { ["Quantity"] = "6" });
        Assert.Equal("库存不足：该规格仅剩 5 件。", Line(page, "ct-page-1").QuerySelector("[data-testid=line-error]")?.TextContent);
        Assert.Equal(3, (await CartAsync(browser)).Lines.Single(l => l.SkuCode == "ct-page-1").Quantity);

        page = await SubmitLineFormAsync(browser, "ct-page-2", "cart-select-", []);
        Assert.Equal("false", Line(page, "ct-page-2").QuerySelector("[data-testid=line-select]")!.GetAttribute("aria-checked"));
        Assert.Contains("¥36.00", page.QuerySelector("[data-testid=selected-subtotal]")!.TextContent);

        page = await SubmitLineFormAsync(browser, "ct-page-2", "cart-remove-", []);
        Assert.Equal(["ct-page-1"], page.QuerySelectorAll("[data-testid=cart-line]").Select(r => r.GetAttribute("data-sku")));
        Assert.Equal("1", page.QuerySelector("[data-testid=cart-badge]")?.TextContent);
    }

    [Fact]
    public async Task The_cart_page_shows_the_price_change_and_sold_out_notes()
    {
        var skus = await ProductAsync("页面提示", 40m, ("ct-note-1", 5), ("ct-note-2", 5));
        var browser = app.ClientFor("demo");
        await AddAsync(browser, skus["ct-note-1"], 1);
        await AddAsync(browser, skus["ct-note-2"], 1);
        await SetSkuAsync(skus["ct-note-1"], price: 35m);
        await SetSkuAsync(skus["ct-note-2"], onHand: 0);

        var page = await browser.GetPageAsync("/cart");
        Assert.Equal("降价了：加入时 ¥40.00，现价 ¥35.00。", Line(page, "ct-note-1").QuerySelector("[data-testid=line-note]")?.TextContent);
        Assert.Equal("该规格已售罄。", Line(page, "ct-note-2").QuerySelector("[data-testid=line-note]")?.TextContent);
        Assert.NotNull(page.QuerySelector("[data-testid=price-changed]"));
        Assert.NotNull(page.QuerySelector("[data-testid=cart-fix]"));
        Assert.True(page.QuerySelector("[data-testid=checkout]") is IHtmlButtonElement { IsDisabled: true });

        page = await SubmitFormAsync(browser, (IHtmlFormElement)page.QuerySelector("form[data-testid=price-changed]")!, []);
        Assert.Null(page.QuerySelector("[data-testid=price-changed]"));
        page = await SubmitLineFormAsync(browser, "ct-note-2", "cart-select-", []);
        Assert.Equal("/checkout", page.QuerySelector("a[data-testid=checkout]")?.GetAttribute("href"));
    }

    [Fact]
    public async Task An_empty_cart_says_so()
    {
        var page = await app.ClientFor("demo").GetPageAsync("/cart");
        Assert.NotNull(page.QuerySelector("[data-testid=cart-empty]"));
        Assert.Null(page.QuerySelector("[data-testid=cart-badge]"));
    }

    private static AngleSharp.Dom.IElement Line(IHtmlDocument page, string code) =>
        page.QuerySelector($"[data-testid=cart-line][data-sku={code}]") ?? throw new InvalidOperationException($"no line {code}");

    private static string? Quantity(AngleSharp.Dom.IElement row) => ((IHtmlInputElement)row.QuerySelector("[data-testid=line-quantity]")!).Value;

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> values,
        string origin = "http://demo.localhost")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(values) };
        request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }

    private static async Task<IHtmlDocument> SubmitLineFormAsync(HttpClient client, string code, string formPrefix, Dictionary<string, string> values)
    {
        var page = await client.GetPageAsync("/cart");
        var row = page.QuerySelector($"[data-testid=cart-line][data-sku={code}]") ?? throw new InvalidOperationException($"no line {code}");
        var form = row.QuerySelectorAll("form").OfType<IHtmlFormElement>()
            .Single(f => f.Elements.OfType<IHtmlInputElement>().Any(i => i.Name == "_handler" && i.Value.StartsWith(formPrefix, StringComparison.Ordinal)));
        return await SubmitFormAsync(client, form, values);
    }

    private static async Task<IHtmlDocument> SubmitFormAsync(HttpClient client, IHtmlFormElement form, Dictionary<string, string> values)
    {
        var fields = form.Elements.OfType<IHtmlInputElement>().Where(i => !string.IsNullOrEmpty(i.Name)).ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (name, value) in values)
        {
            fields[name] = value;
        }

        var response = await client.PostAsync("/cart", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Forms.Parse(await response.Content.ReadAsStringAsync());
    }
}
