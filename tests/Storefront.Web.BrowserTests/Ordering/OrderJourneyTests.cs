using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Storefront.Domain.Catalog;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Ordering;

/// <summary>The whole life of an order, as the two people in it see it: a guest who buys, and the merchant who ships.</summary>
public sealed class OrderJourneyTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_guest_buys_two_skus_signs_up_at_checkout_pays_and_confirms_receipt_after_the_merchant_ships()
    {
        await App.ProductAsync("demo", new CreateProduct.Command
        {
            Name = "Canvas Tote 帆布托特包",
            Slug = "canvas-tote",
            Brand = "Linen & Co",
            Specs = [new SpecAttribute("颜色", ["米白", "藏青"]), new SpecAttribute("尺寸", ["中号", "大号"])],
            Skus =
            [
                new() { SpecValues = ["米白", "中号"], Code = "TOTE-CM", Price = 89m, Stock = 6 },
                new() { SpecValues = ["米白", "大号"], Code = "TOTE-CL", Price = 109m, Stock = 6 },
                new() { SpecValues = ["藏青", "中号"], Code = "TOTE-NM", Price = 89m, Stock = 6 },
                new() { SpecValues = ["藏青", "大号"], Code = "TOTE-NL", Price = 119.5m, Stock = 6 },
            ],
        });
        var id = Guid.NewGuid().ToString("N")[..8];
        var tracking = "SF" + id.ToUpperInvariant();
        string number = "";

        await InBrowserAsync(async shopper =>
        {
            // A guest puts two SKUs in the cart from the product page.
            await shopper.GotoAsync(App.Url("demo", "/p/canvas-tote"));
            await AddToCartAsync(shopper, "TOTE-CL", ["米白", "大号"], quantity: 1);
            await AddToCartAsync(shopper, "TOTE-NL", ["藏青", "大号"], quantity: 2);
            await shopper.GotoAsync(App.Url("demo", "/cart"));
            await Expect(shopper.GetByTestId("cart-line")).ToHaveCountAsync(2);
            await Expect(shopper.GetByTestId("selected-subtotal")).ToContainTextAsync("348.00");

            // Checking out asks a guest to sign in; they sign up instead and come back to checkout with the same cart.
            await shopper.GetByTestId("checkout").ClickAsync();
            await Expect(shopper).ToHaveURLAsync(new Regex("/account/login", RegexOptions.IgnoreCase));
            await shopper.Locator("main").GetByRole(AriaRole.Link, new() { Name = "注册" }).ClickAsync();
            await Expect(shopper).ToHaveURLAsync(new Regex("/account/register", RegexOptions.IgnoreCase));
            // The URL changes before enhanced navigation swaps the page in, and the sign-in form has e-mail and password
            // fields too: typing now could fill the old form. The display-name field is the register form's own.
            await Expect(shopper.GetByTestId("display-name")).ToBeVisibleAsync();
            await shopper.GetByTestId("email").FillAsync($"buyer-{id}@example.com");
            await shopper.GetByTestId("display-name").FillAsync("买家" + id);
            await shopper.GetByTestId("password").FillAsync("Secret2026");
            await shopper.GetByTestId("submit").ClickAsync();
            await Expect(shopper).ToHaveURLAsync(new Regex("/checkout$"));
            await Expect(shopper.GetByTestId("checkout-line")).ToHaveCountAsync(2);

            // A first address, entered at checkout; free shipping above ¥99, so the total is the goods.
            await shopper.GetByTestId("address-name").FillAsync("李雷");
            await shopper.GetByTestId("address-phone").FillAsync("139 1234 5678");
            await ChooseRegionAsync(shopper, "浙江省", "杭州市", "西湖区");
            await shopper.GetByTestId("address-street").FillAsync("文三路 90 号");
            await shopper.GetByTestId("order-note").FillAsync("请工作日送货");
            await Expect(shopper.GetByTestId("total")).ToContainTextAsync("348.00");
            await shopper.GetByTestId("place-order").ClickAsync();

            await Expect(shopper).ToHaveURLAsync(new Regex("/orders/\\d{14,}$"));
            number = (await shopper.GetByTestId("order-number").InnerTextAsync()).Trim();
            await Expect(shopper.GetByTestId("order-status")).ToHaveTextAsync("待付款");
            await Expect(shopper.GetByTestId("order-total")).ToContainTextAsync("348.00");

            // The sandbox gateway's hosted page takes the money and sends the shopper back; its signed callback pays the order.
            await shopper.GetByTestId("pay").ClickAsync();
            await Expect(shopper).ToHaveURLAsync(new Regex("/pay/sandbox/"));
            await Expect(shopper.GetByTestId("sandbox-order")).ToHaveTextAsync(number);
            await Expect(shopper.GetByTestId("sandbox-amount")).ToContainTextAsync("348.00");
            await shopper.GetByTestId("sandbox-pay").ClickAsync();
            await Expect(shopper).ToHaveURLAsync(new Regex($"/orders/{number}$"));
            await Expect(shopper.GetByTestId("order-status")).ToHaveTextAsync("待发货");
        });

        // The merchant ships the whole order with one parcel.
        await InBrowserAsync(async merchant =>
        {
            await SignInStaffAsync(merchant, "demo", "merchant@demo.local");
            await merchant.GotoAsync(App.Url("demo", $"/admin/orders/{number}"));
            await Expect(merchant.GetByTestId("order-status")).ToHaveTextAsync("待发货");
            await Expect(merchant.GetByTestId("order-address")).ToContainTextAsync("13912345678");
            await merchant.GetByTestId("ship-carrier").ClickAsync();
            await merchant.Locator(".rz-dropdown-item", new() { HasText = "顺丰速运" }).ClickAsync();
            await merchant.GetByTestId("ship-tracking").FillAsync(tracking);
            await merchant.GetByTestId("ship-button").ClickAsync();
            await Expect(merchant.GetByTestId("order-status")).ToHaveTextAsync("已发货");
        });

        // The shopper sees the parcel and confirms receipt.
        await InBrowserAsync(async shopper =>
        {
            await SignInShopperAsync(shopper, $"buyer-{id}@example.com", "Secret2026");
            await shopper.GotoAsync(App.Url("demo", $"/orders/{number}"));
            await Expect(shopper.GetByTestId("order-status")).ToHaveTextAsync("已发货");
            await Expect(shopper.GetByTestId("carrier")).ToHaveTextAsync("顺丰速运");
            await Expect(shopper.GetByTestId("tracking-number")).ToHaveTextAsync(tracking);
            await shopper.GetByTestId("confirm-receipt").ClickAsync();
            await Expect(shopper.GetByTestId("confirm-receipt-step")).ToContainTextAsync("确认已收到全部商品");
            await shopper.GetByTestId("confirm-receipt-yes").ClickAsync();
            await Expect(shopper.GetByTestId("order-status")).ToHaveTextAsync("已完成");

            await shopper.GotoAsync(App.Url("demo", "/orders?status=Completed"));
            await Expect(shopper.GetByText(number)).ToBeVisibleAsync();
        });

        // What the two people saw is what the store holds: stock taken out by the shipment, nothing left reserved.
        var stock = await App.InStoreAsync("demo", db => Task.FromResult(db.Skus
            .Where(s => s.Code == "TOTE-CL" || s.Code == "TOTE-NL").OrderBy(s => s.Code).Select(s => new { s.OnHand, s.Reserved }).ToList()));
        Assert.Equal([new { OnHand = 5, Reserved = 0 }, new { OnHand = 4, Reserved = 0 }], stock);
    }

    /// <summary>Chooses the SKU by its spec values (a tap on a value already chosen would unchoose it) and adds it.</summary>
    private static async Task AddToCartAsync(IPage page, string skuCode, string[] values, int quantity)
    {
        foreach (var value in values)
        {
            var chip = page.Locator($"[data-testid=spec-value][data-value='{value}']");
            if (await chip.GetAttributeAsync("aria-checked") != "true")
            {
                await chip.ClickAsync();
            }
        }

        await Expect(page.GetByTestId("chosen-sku-code")).ToHaveValueAsync(skuCode);
        await page.GetByTestId("add-quantity").FillAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("add-to-cart").ClickAsync();
        await Expect(page.GetByTestId("cart-added")).ToBeVisibleAsync();
        await page.GoBackAsync();
    }

    private async Task SignInShopperAsync(IPage page, string email, string password)
    {
        await page.GotoAsync(App.Url("demo", "/account/login"));
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("password").FillAsync(password);
        await page.GetByTestId("submit").ClickAsync();
        await Expect(page.GetByTestId("shopper-name")).ToBeVisibleAsync();
    }
}
