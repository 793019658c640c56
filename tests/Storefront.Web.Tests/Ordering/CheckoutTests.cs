using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Ordering;

/// <summary>Checkout preview, placing an order (idempotent, all-or-nothing stock), bad input, and the SSR checkout page.</summary>
public sealed class CheckoutTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private static string Code() => "CO-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<Guid> SkuAsync(string name, decimal price, int stock)
    {
        var code = Code();
        return (await app.SeedProductAsync("demo", name, price, categoryId: null, list: true, (code, stock, 0)))[code];
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task The_preview_prices_the_selected_lines_with_subtotal_shipping_and_total_and_lists_the_methods()
    {
        var (client, shopper) = await app.NewShopperAsync();
        var tee = await SkuAsync("预览T恤", 19.90m, 10);
        var mug = await SkuAsync("预览杯子", 29.00m, 10);
        var skipped = await SkuAsync("未选中商品", 500m, 10);
        await app.AddToCartAsync("demo", shopper, tee, 2);
        await app.AddToCartAsync("demo", shopper, mug, 1);
        await app.AddToCartAsync("demo", shopper, skipped, 1, selected: false);

        var preview = await Json(await client.PostAsJsonAsync("/api/v1/checkout/preview", new { }));
        // Lines come oldest first; these two were added at the same (fake) instant, so compare them as a set.
        Assert.Equal(new[] { "预览T恤", "预览杯子" }.Order(),
            preview.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("productName").GetString()!).Order());
        Assert.Equal(68.80m, preview.GetProperty("subtotal").GetDecimal());
        Assert.Equal(0m, preview.GetProperty("discount").GetDecimal());
        Assert.Equal(10m, preview.GetProperty("shippingFee").GetDecimal());
        Assert.Equal(78.80m, preview.GetProperty("total").GetDecimal());
        Assert.Equal("快递", preview.GetProperty("shippingMethod").GetString());
        Assert.True(preview.GetProperty("canPlace").GetBoolean());
        var options = preview.GetProperty("shippingOptions").EnumerateArray()
            .ToDictionary(o => o.GetProperty("name").GetString()!, o => o.GetProperty("fee").GetDecimal());
        Assert.Equal(new Dictionary<string, decimal> { ["快递"] = 10m, ["顺丰速运"] = 18m }, options);

        var sf = await app.ShippingTemplateIdAsync("demo", "顺丰速运");
        var bySf = await Json(await client.PostAsJsonAsync("/api/v1/checkout/preview", new { shippingTemplateId = sf }));
        Assert.Equal((18m, 86.80m), (bySf.GetProperty("shippingFee").GetDecimal(), bySf.GetProperty("total").GetDecimal()));

        // 快递 is free from ¥99 of goods.
        await app.AddToCartAsync("demo", shopper, await SkuAsync("凑单商品", 30.20m, 10), 1);
        var free = await Json(await client.PostAsJsonAsync("/api/v1/checkout/preview", new { }));
        Assert.Equal((99.00m, 0m, 99.00m),
            (free.GetProperty("subtotal").GetDecimal(), free.GetProperty("shippingFee").GetDecimal(), free.GetProperty("total").GetDecimal()));
    }

    [Fact]
    public async Task The_preview_says_when_a_line_is_short_of_stock_or_its_price_changed()
    {
        var (client, shopper) = await app.NewShopperAsync();
        var few = await SkuAsync("库存紧张", 10m, 2);
        await app.AddToCartAsync("demo", shopper, few, 3);
        var preview = await Json(await client.PostAsJsonAsync("/api/v1/checkout/preview", new { }));
        Assert.False(preview.GetProperty("canPlace").GetBoolean());
        Assert.Equal("库存仅剩 2 件", preview.GetProperty("lines")[0].GetProperty("note").GetString());
        Assert.Contains("库存紧张", preview.GetProperty("problems")[0].GetString());
    }

    [Fact]
    public async Task Placing_reserves_the_stock_writes_the_order_empties_the_ordered_lines_and_queues_the_notification()
    {
        var (client, shopper) = await app.NewShopperAsync();
        var tee = await SkuAsync("下单T恤", 19.90m, 10);
        var mug = await SkuAsync("下单杯子", 29.00m, 5);
        var later = await SkuAsync("以后再买", 9m, 5);
        await app.AddToCartAsync("demo", shopper, tee, 2);
        await app.AddToCartAsync("demo", shopper, mug, 1);
        await app.AddToCartAsync("demo", shopper, later, 1, selected: false);

        var response = await client.PlaceOrderAsync("key-" + Guid.NewGuid(),
            new { address = CheckoutSeed.InlineAddress, note = "请尽快发货", saveAddress = true, expectedTotal = 78.80m });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var placed = await Json(response);
        var number = placed.GetProperty("number").GetString();
        Assert.Matches("^20261123[0-9]{6}$", number);
        Assert.Equal($"/api/v1/orders/{number}", response.Headers.Location?.OriginalString);
        Assert.Equal("PendingPayment", placed.GetProperty("status").GetString());
        Assert.Equal(78.80m, placed.GetProperty("total").GetDecimal());

        var order = await app.InStoreAsync("demo", db =>
            db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Events).SingleAsync(o => o.Number == number));
        Assert.Equal(shopper, order.ShopperId);
        Assert.Equal(("李四", "13912345678", "文三路 90 号"), (order.Address.Name, order.Address.Phone, order.Address.Street));
        Assert.Equal(("快递", 68.80m, 10m, 78.80m), (order.ShippingMethod, order.Subtotal, order.ShippingFee, order.Total));
        Assert.Equal("请尽快发货", order.Note);
        Assert.Equal(app.Clock.GetUtcNow().AddMinutes(30), order.PaymentDueAt);
        Assert.Equal([("下单T恤", 2, 39.80m), ("下单杯子", 1, 29.00m)],
            order.Lines.OrderByDescending(l => l.Quantity).Select(l => (l.ProductName, l.Quantity, l.PaidAmount)));
        Assert.Equal([1, 2], order.Lines.Select(l => l.Position).Order());
        Assert.Equal("placed", Assert.Single(order.Events).Kind);

        Assert.Equal((10, 2), await app.StockAsync("demo", tee));
        Assert.Equal((5, 1), await app.StockAsync("demo", mug));
        Assert.Equal((5, 0), await app.StockAsync("demo", later));
        var cart = await app.InStoreAsync("demo", db => db.CartLines.AsNoTracking().Where(c => c.OwnerId == shopper).Select(c => c.SkuId).ToListAsync());
        Assert.Equal([later], cart);
        Assert.Equal(1, await app.CountAsync("demo", $"from outbox_messages where kind = 'order.placed' and subject like '%{number}%'"));
        Assert.Equal(1, await app.CountAsync("demo", $"from shopper_addresses where shopper_id = '{shopper}' and is_default"));
    }

    [Fact]
    public async Task The_same_idempotency_key_gives_back_the_same_order_and_never_a_second_one()
    {
        var (client, shopper) = await app.NewShopperAsync();
        var sku = await SkuAsync("幂等商品", 50m, 10);
        await app.AddToCartAsync("demo", shopper, sku, 2);
        var key = "same-" + Guid.NewGuid();

        var first = await client.PlaceOrderAsync(key, new { address = CheckoutSeed.InlineAddress });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var number = (await Json(first)).GetProperty("number").GetString();

        // The cart gets the SKU again; a retry with the key must not order it.
        await app.AddToCartAsync("demo", shopper, sku, 1);
        var retries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.PlaceOrderAsync(key, new { address = CheckoutSeed.InlineAddress })));
        Assert.All(retries, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var retry in retries)
        {
            Assert.Equal(number, (await Json(retry)).GetProperty("number").GetString());
        }

        Assert.Equal(1, await app.CountAsync("demo", $"from orders where shopper_id = '{shopper}'"));
        Assert.Equal((10, 2), await app.StockAsync("demo", sku));

        // Two requests with one new key at the same moment: one order.
        var key2 = "race-" + Guid.NewGuid();
        var race = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PlaceOrderAsync(key2, new { address = CheckoutSeed.InlineAddress })));
        Assert.Equal(1, race.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(3, race.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(2, await app.CountAsync("demo", $"from orders where shopper_id = '{shopper}'"));
        Assert.Equal((10, 3), await app.StockAsync("demo", sku));
    }

    [Fact]
    public async Task Checking_out_an_empty_cart_is_a_409()
    {
        // A conflict with the cart's state (maybe just emptied by an order placed elsewhere), not malformed input.
        var (client, _) = await app.NewShopperAsync();
        var response = await client.PlaceOrderAsync("empty-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:storefront:checkout.empty", (await Json(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Bad_input_gets_field_errors_and_changes_nothing()
    {
        var (client, shopper) = await app.NewShopperAsync();
        var sku = await SkuAsync("坏输入商品", 10m, 5);
        await app.AddToCartAsync("demo", shopper, sku, 1);

        async Task<JsonElement> Refused(string? key, object body, string field)
        {
            var response = key is null
                ? await client.PostAsJsonAsync("/api/v1/orders", body)
                : await client.PlaceOrderAsync(key, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await Json(response);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
            return problem;
        }

        var badPhone = await Refused("k1",
            new { address = new { name = "王五", phone = "12345", province = "北京市", city = "北京市", district = "朝阳区", street = "建国路 1 号" } }, "address.phone");
        Assert.Equal("请填写正确的 11 位手机号码。", badPhone.GetProperty("errors").GetProperty("address.phone")[0].GetString());
        await Refused("k2", new { address = CheckoutSeed.InlineAddress, shippingTemplateId = Guid.NewGuid() }, "shippingTemplateId");
        await Refused("k3", new { addressId = Guid.NewGuid() }, "addressId");
        await Refused("k4", new { }, "address");
        await Refused(null, new { address = CheckoutSeed.InlineAddress }, "idempotencyKey");
        await Refused("k5", new { address = CheckoutSeed.InlineAddress, note = new string('备', 201) }, "note");

        // Another store's shipping method is unknown here.
        var acmeTemplate = await app.InStoreAsync("acme", db => db.ShippingTemplates.Select(t => t.Id).FirstAsync());
        await Refused("k6", new { address = CheckoutSeed.InlineAddress, shippingTemplateId = acmeTemplate }, "shippingTemplateId");

        Assert.Equal(0, await app.CountAsync("demo", $"from orders where shopper_id = '{shopper}'"));
        Assert.Equal((5, 0), await app.StockAsync("demo", sku));
        Assert.Equal(1, await app.CountAsync("demo", $"from cart_lines where owner_id = '{shopper}'"));

        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.ClientFor("demo").PlaceOrderAsync("guest", new { address = CheckoutSeed.InlineAddress })).StatusCode);
    }

    [Fact]
    public async Task A_quantity_above_stock_is_a_409_naming_the_product_and_reserves_nothing()
    {
        var (client, shopper) = await app.NewShopperAsync();
        var plenty = await SkuAsync("库存充足商品", 10m, 100);
        var scarce = await SkuAsync("限量手办", 10m, 2);
        await app.AddToCartAsync("demo", shopper, plenty, 5);
        await app.AddToCartAsync("demo", shopper, scarce, 3);

        var response = await client.PlaceOrderAsync("short-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json(response);
        Assert.Equal("urn:storefront:stock.short", problem.GetProperty("type").GetString());
        Assert.Contains("限量手办", problem.GetProperty("title").GetString());
        Assert.DoesNotContain("库存充足商品", problem.GetProperty("title").GetString());

        Assert.Equal((100, 0), await app.StockAsync("demo", plenty));
        Assert.Equal((2, 0), await app.StockAsync("demo", scarce));
        Assert.Equal(0, await app.CountAsync("demo", $"from orders where shopper_id = '{shopper}'"));
        Assert.Equal(2, await app.CountAsync("demo", $"from cart_lines where owner_id = '{shopper}'"));
    }

    [Fact]
    public async Task A_total_that_moved_since_the_shopper_saw_it_is_refused()
    {
        var (client, shopper) = await app.NewShopperAsync();
        await app.AddToCartAsync("demo", shopper, await SkuAsync("涨价商品", 10m, 5), 1);
        var response = await client.PlaceOrderAsync("moved-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress, expectedTotal = 15m });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("urn:storefront:checkout.price-changed", (await Json(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_shipping_method_added_or_repriced_by_the_merchant_prices_the_very_next_order()
    {
        var (client, shopper) = await app.NewShopperAsync();
        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        var sku = await SkuAsync("运费变更商品", 20m, 10);

        // Checkout has read (and kept) the store's shipping methods before the merchant adds one.
        await app.AddToCartAsync("demo", shopper, sku, 1);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/checkout/preview", new { })).StatusCode);
        var created = await merchant.PostAsJsonAsync("/api/v1/admin/shipping-templates", new { name = "加急快运", kind = "Flat", fee = 7m, position = 9 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json(created)).GetProperty("id").GetGuid();
        try
        {
            var first = await client.PlaceOrderAsync("ship-a-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress, shippingTemplateId = id });
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            Assert.Equal(27m, (await Json(first)).GetProperty("total").GetDecimal());

            var repriced = await merchant.PutAsJsonAsync($"/api/v1/admin/shipping-templates/{id}",
                new { name = "加急快运", kind = "Flat", fee = 9m, position = 9 });
            Assert.Equal(HttpStatusCode.OK, repriced.StatusCode);
            await app.AddToCartAsync("demo", shopper, sku, 1);
            var second = await client.PlaceOrderAsync("ship-b-" + Guid.NewGuid(), new { address = CheckoutSeed.InlineAddress, shippingTemplateId = id });
            Assert.Equal(HttpStatusCode.Created, second.StatusCode);
            Assert.Equal(29m, (await Json(second)).GetProperty("total").GetDecimal());

            var switchedOff = await merchant.PutAsJsonAsync($"/api/v1/admin/shipping-templates/{id}",
                new { name = "加急快运", kind = "Flat", fee = 9m, position = 9, isActive = false });
            Assert.Equal(HttpStatusCode.OK, switchedOff.StatusCode);
            await app.AddToCartAsync("demo", shopper, sku, 1);
            var preview = await Json(await client.PostAsJsonAsync("/api/v1/checkout/preview", new { }));
            Assert.DoesNotContain("加急快运", preview.GetProperty("shippingOptions").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        }
        finally
        {
            // The class's other tests list the store's methods.
            await merchant.DeleteAsync($"/api/v1/admin/shipping-templates/{id}");
        }
    }

    [Fact]
    public async Task Merchants_manage_shipping_templates_and_other_roles_cannot()
    {
        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        var list = await merchant.GetFromJsonAsync<JsonElement>("/api/v1/admin/shipping-templates");
        var demo = list.EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal(("FreeAbove", 10m, 99m, true), (demo["快递"].GetProperty("kind").GetString(), demo["快递"].GetProperty("fee").GetDecimal(),
            demo["快递"].GetProperty("freeAbove").GetDecimal(), demo["快递"].GetProperty("isDefault").GetBoolean()));
        Assert.Equal("ByWeight", demo["顺丰速运"].GetProperty("kind").GetString());

        var created = await merchant.PostAsJsonAsync("/api/v1/admin/shipping-templates",
            new { name = "同城闪送", kind = "Flat", fee = 25m, isDefault = true, position = 5 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json(created)).GetProperty("id").GetGuid();
        var after = await merchant.GetFromJsonAsync<JsonElement>("/api/v1/admin/shipping-templates");
        Assert.Equal(["同城闪送"], after.EnumerateArray().Where(t => t.GetProperty("isDefault").GetBoolean()).Select(t => t.GetProperty("name").GetString()));

        var edited = await merchant.PutAsJsonAsync($"/api/v1/admin/shipping-templates/{id}",
            new { name = "同城闪送", kind = "Flat", fee = 20m, isDefault = false, isActive = false });
        Assert.Equal(20m, (await Json(edited)).GetProperty("fee").GetDecimal());

        var bad = await merchant.PostAsJsonAsync("/api/v1/admin/shipping-templates", new { name = "", kind = "ByWeight", fee = -1m, firstWeightGrams = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await Json(bad)).GetProperty("errors");
        foreach (var field in new[] { "name", "fee", "firstWeightGrams", "additionalWeightGrams" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        Assert.Equal(HttpStatusCode.BadRequest,
            (await merchant.PostAsJsonAsync("/api/v1/admin/shipping-templates", new { name = "包邮", kind = "FreeAbove", fee = 8m })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await merchant.DeleteAsync($"/api/v1/admin/shipping-templates/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await merchant.DeleteAsync($"/api/v1/admin/shipping-templates/{id}")).StatusCode);

        var operatorClient = app.ClientFor("demo");
        await operatorClient.SignInStaffAsync("operator@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync("/api/v1/admin/shipping-templates")).StatusCode);
        var acmeOwner = app.ClientFor("demo");
        await acmeOwner.SignInStaffAsync("owner@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await acmeOwner.GetAsync("/api/v1/admin/shipping-templates")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientFor("demo").GetAsync("/api/v1/admin/shipping-templates")).StatusCode);

        var page = await merchant.GetAsync("/admin/shipping-templates");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task A_guest_at_checkout_is_sent_to_sign_in_and_back_and_the_sign_up_link_keeps_the_way_back()
    {
        var guest = app.ClientFor("demo");
        var response = await guest.GetAsync("/checkout");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var login = response.Headers.Location!.OriginalString;
        Assert.StartsWith("http://demo.localhost/account/login?ReturnUrl=%2Fcheckout", login);

        var page = await guest.GetPageAsync(login);
        Assert.Contains(page.QuerySelectorAll("a").OfType<IHtmlAnchorElement>(), a => a.GetAttribute("href") == "/account/register?returnUrl=%2Fcheckout");

        var signedIn = await guest.SubmitAsync(new Uri(login).PathAndQuery, "form", new Dictionary<string, string>
        {
            ["Input.Email"] = "shopper@demo.local",
            ["Input.Password"] = "storefront-demo",
        });
        Assert.Equal("http://demo.localhost/checkout", new Uri(new Uri("http://demo.localhost"), signedIn.Headers.Location!).AbsoluteUri);

        var registered = await app.ClientFor("demo").SubmitAsync("/account/register?returnUrl=%2Fcheckout", "form", new Dictionary<string, string>
        {
            ["Input.Email"] = $"new-{Guid.NewGuid():N}@example.com",
            ["Input.DisplayName"] = "新顾客",
            ["Input.Password"] = "Newbie1234",
        });
        Assert.Equal("http://demo.localhost/checkout", new Uri(new Uri("http://demo.localhost"), registered.Headers.Location!).AbsoluteUri);
    }

    [Fact]
    public async Task The_checkout_page_shows_the_breakdown_and_a_double_submitted_form_places_one_order()
    {
        var (client, shopper) = await app.NewShopperAsync();
        var sku = await SkuAsync("页面下单商品", 45.5m, 10);
        await app.AddToCartAsync("demo", shopper, sku, 2);

        var page = await client.GetPageAsync("/checkout");
        Assert.Equal("¥91.00", page.QuerySelector("[data-testid=subtotal]")?.TextContent.Trim());
        Assert.Equal("¥10.00", page.QuerySelector("[data-testid=shipping-fee]")?.TextContent.Trim());
        Assert.Equal("¥101.00", page.QuerySelector("[data-testid=total]")?.TextContent.Trim());
        var fields = page.HiddenFields("checkout-form");
        Assert.False(string.IsNullOrEmpty(fields["Input.IdempotencyKey"]));

        // A bad phone first: the form says so beside the field and nothing is ordered.
        var withBadPhone = new Dictionary<string, string>(fields)
        {
            ["Input.AddressId"] = "",
            ["Input.Address.Name"] = "赵六",
            ["Input.Address.Phone"] = "010-1234",
            ["Input.Address.Province"] = "广东省",
            ["Input.Address.City"] = "深圳市",
            ["Input.Address.District"] = "南山区",
            ["Input.Address.Street"] = "科技园 1 号",
            ["Input.Note"] = "",
        };
        var refused = await client.PostAsync("/checkout", new FormUrlEncodedContent(withBadPhone));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("请填写正确的 11 位手机号码。", await refused.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.CountAsync("demo", $"from orders where shopper_id = '{shopper}'"));

        var good = new Dictionary<string, string>(withBadPhone) { ["Input.Address.Phone"] = "13700001111", ["Input.Note"] = "放门口" };
        var first = await client.PostAsync("/checkout", new FormUrlEncodedContent(good));
        var second = await client.PostAsync("/checkout", new FormUrlEncodedContent(good));
        Assert.True(first.StatusCode == HttpStatusCode.Redirect, $"{(int)first.StatusCode}: {await first.Content.ReadAsStringAsync()}");
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var number = await app.InStoreAsync("demo", db => db.Orders.Where(o => o.ShopperId == shopper).Select(o => o.Number).SingleAsync());
        Assert.EndsWith($"/orders/{number}", first.Headers.Location!.OriginalString);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal((10, 2), await app.StockAsync("demo", sku));

        var empty = await client.GetPageAsync("/checkout");
        Assert.NotNull(empty.QuerySelector("[data-testid=checkout-empty]"));
    }

    [Fact]
    public async Task A_checkout_form_posted_without_a_district_gets_a_field_error_and_keeps_what_was_entered()
    {
        var (client, shopper) = await app.NewShopperAsync();
        await app.AddToCartAsync("demo", shopper, await SkuAsync("缺区县商品", 30m, 5), 1);
        var page = await client.GetPageAsync("/checkout");
        // The inline address chooses 省/市/区 from the official lists: selects, not text boxes.
        Assert.Equal("SELECT", page.QuerySelector("[data-testid=address-province]")?.TagName);
        Assert.Equal(31, page.QuerySelectorAll("[data-testid=address-province] option[value]").Count(o => o.GetAttribute("value") != ""));
        var fields = page.HiddenFields("checkout-form");
        fields["Input.AddressId"] = "";
        fields["Input.Address.Name"] = "钱七";
        fields["Input.Address.Phone"] = "13700002222";
        fields["Input.Address.ProvinceCode"] = "44";
        fields["Input.Address.CityCode"] = "4403";
        fields["Input.Address.DistrictCode"] = "";
        fields["Input.Address.Street"] = "科技园 2 号";

        var refused = await client.PostAsync("/checkout", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var shown = Forms.Parse(await refused.Content.ReadAsStringAsync());
        var district = shown.QuerySelector("[data-testid=address-district]")!.ParentElement!;
        Assert.Equal("请选择所选城市中的区县。", district.QuerySelector(".validation-message")?.TextContent.Trim());
        Assert.Equal(0, await app.CountAsync("demo", $"from orders where shopper_id = '{shopper}'"));
        // What was entered is still there: the name, the phone, the province and city chosen, and the chosen city's districts to pick from.
        Assert.Equal("钱七", shown.QuerySelector("[data-testid=address-name]")?.GetAttribute("value"));
        Assert.Equal("13700002222", shown.QuerySelector("[data-testid=address-phone]")?.GetAttribute("value"));
        Assert.Equal("科技园 2 号", shown.QuerySelector("[data-testid=address-street]")?.GetAttribute("value"));
        Assert.Equal("广东省", shown.QuerySelector("[data-testid=address-province] option[selected]")?.TextContent);
        Assert.Equal("深圳市", shown.QuerySelector("[data-testid=address-city] option[selected]")?.TextContent);
        Assert.Contains("南山区", shown.QuerySelectorAll("[data-testid=address-district] option").Select(o => o.TextContent));

        // Without the script, 选择 posts the form to refine the lists: nothing is placed, nothing is refused.
        var refined = await client.PostAsync("/checkout", new FormUrlEncodedContent(new Dictionary<string, string>(fields)
        {
            ["Input.Address.ProvinceCode"] = "33",
            ["refine"] = "1",
        }));
        var refinedPage = Forms.Parse(await refined.Content.ReadAsStringAsync());
        Assert.Equal("浙江省", refinedPage.QuerySelector("[data-testid=address-province] option[selected]")?.TextContent);
        Assert.Null(refinedPage.QuerySelector("[data-testid=address-city] option[selected]"));
        Assert.Contains("杭州市", refinedPage.QuerySelectorAll("[data-testid=address-city] option").Select(o => o.TextContent));
        Assert.Empty(refinedPage.QuerySelectorAll(".validation-message"));

        fields["Input.Address.DistrictCode"] = "440305";
        var placed = await client.PostAsync("/checkout", new FormUrlEncodedContent(fields));
        Assert.True(placed.StatusCode == HttpStatusCode.Redirect, $"{(int)placed.StatusCode}: {await placed.Content.ReadAsStringAsync()}");
        var address = await app.InStoreAsync("demo", db => db.Orders.Where(o => o.ShopperId == shopper).Select(o => o.Address).SingleAsync());
        Assert.Equal(("广东省", "深圳市", "南山区", "440305"), (address.Province, address.City, address.District, address.DistrictCode));
    }
}
