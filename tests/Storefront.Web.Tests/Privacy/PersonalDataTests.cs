using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Privacy;
using Storefront.Web.Tests.Infrastructure;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.Privacy;

/// <summary>A copy of my data and deleting my account (issue 19, items 2 and 3), read back from the database.</summary>
public sealed class PersonalDataTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task A_copy_of_my_data_holds_everything_the_store_keeps_about_me_and_nothing_of_anyone_else()
    {
        var me = await app.RegisterAsync("demo");
        var number = await app.EverythingAsync("demo", me, caseOpen: true);
        var neighbour = await app.RegisterAsync("demo");
        await app.EverythingAsync("demo", neighbour);
        var elsewhere = await app.RegisterAsync("acme", me.Email);   // the same e-mail at another store is another account
        await app.EverythingAsync("acme", elsewhere);

        var response = await me.Client.GetAsync("/api/v1/account/export");
        var copy = await JsonAsync(response);
        Assert.Equal("my-data.json", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        var profile = copy.GetProperty("profile");
        Assert.Equal((me.Id, me.Email, me.Name),
            (profile.GetProperty("id").GetGuid(), profile.GetProperty("email").GetString(), profile.GetProperty("displayName").GetString()));
        var address = Assert.Single(copy.GetProperty("addresses").EnumerateArray()).GetProperty("address");
        Assert.Equal((me.Phone, me.Street), (address.GetProperty("phone").GetString(), address.GetProperty("street").GetString()));
        var order = Assert.Single(copy.GetProperty("orders").EnumerateArray());
        Assert.Equal(number, order.GetProperty("order").GetProperty("number").GetString());
        Assert.NotEmpty(order.GetProperty("order").GetProperty("lines").EnumerateArray());
        Assert.NotEmpty(order.GetProperty("order").GetProperty("shipments").EnumerateArray());
        Assert.Single(order.GetProperty("payments").EnumerateArray());
        Assert.Single(order.GetProperty("refunds").EnumerateArray());
        Assert.Single(copy.GetProperty("afterSalesCases").EnumerateArray());
        Assert.Single(copy.GetProperty("complaints").EnumerateArray());
        Assert.Single(copy.GetProperty("reviews").EnumerateArray());
        Assert.Equal(me.Id, copy.GetProperty("member").GetProperty("shopperId").GetGuid());
        Assert.Contains(copy.GetProperty("points").EnumerateArray(), p => p.GetProperty("note").GetString() == "seed");
        Assert.Contains(copy.GetProperty("coupons").EnumerateArray(), c => c.GetProperty("couponName").GetString() == "隐私券");
        Assert.Contains(copy.GetProperty("consents").EnumerateArray(), c => c.GetProperty("kind").GetString() == "Marketing");

        // Nothing of the neighbour, nor of the account with the same e-mail at acme.
        var text = copy.GetRawText();
        foreach (var other in new[] { neighbour.Email, neighbour.Phone, neighbour.Street, neighbour.Name, elsewhere.Phone, elsewhere.Street, elsewhere.Name })
        {
            Assert.DoesNotContain(other, text);
        }

        var demo = await app.StoreIdAsync("demo");
        Assert.All(Values(copy, "tenantId"), v => Assert.Equal(demo, v.GetGuid()));
        Assert.All(Values(copy, "shopperId"), v => Assert.Equal(me.Id, v.GetGuid()));
        Assert.NotEmpty(Values(copy, "shopperId"));
    }

    [Fact]
    public async Task Deleting_is_refused_with_the_reason_while_an_order_or_a_case_is_open_and_needs_the_password()
    {
        var withCase = await app.RegisterAsync("demo");
        await app.EverythingAsync("demo", withCase, caseOpen: true);
        Assert.NotEmpty(Errors(await ProblemAsync(await withCase.Client.PostAsJsonAsync("/api/v1/account/delete", new { password = "wrong-password-1" })),
            "password"));
        var open = await ProblemAsync(await withCase.Client.PostAsJsonAsync("/api/v1/account/delete", new { password = withCase.Password }),
            HttpStatusCode.Conflict);
        Assert.Equal("urn:storefront:account.open-cases", open.GetProperty("type").GetString());
        Assert.Contains("售后", open.GetProperty("title").GetString());

        var unpaid = await app.RegisterAsync("demo");
        var sku = await app.InStoreAsync("demo", db => db.Skus.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
        await app.PlacePendingOrderAsync("demo", unpaid.Email, sku);
        var pending = await ProblemAsync(await unpaid.Client.PostAsJsonAsync("/api/v1/account/delete", new { password = unpaid.Password }),
            HttpStatusCode.Conflict);
        Assert.Equal("urn:storefront:account.open-orders", pending.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, (await unpaid.Client.GetAsync("/api/v1/account/me")).StatusCode);   // still there
    }

    [Fact]
    public async Task Deleting_my_account_leaves_no_personal_field_anywhere_keeps_the_amounts_and_frees_the_email()
    {
        var me = await app.RegisterAsync("demo");
        var number = await app.EverythingAsync("demo", me);
        var otherDevice = app.ClientFor("demo");
        await otherDevice.SignInShopperAsync(me.Email, me.Password);
        var before = await app.InStoreAsync("demo", db => db.Orders.Where(o => o.Number == number)
            .Select(o => new { o.Total, o.RefundedAmount }).SingleAsync());
        var refunds = await app.InStoreAsync("demo", db => db.Refunds.Where(r => db.Orders.Any(o => o.Id == r.OrderId && o.Number == number))
            .SumAsync(r => r.Amount));
        foreach (var value in new[] { me.Email, me.Name, me.Phone, me.Street })
        {
            Assert.NotEmpty(await app.TablesHoldingAsync(value));   // the scan finds them before
        }

        Assert.True((await JsonAsync(await me.Client.PostAsJsonAsync("/api/v1/account/delete", new { password = me.Password }))).GetBoolean());

        foreach (var value in new[] { me.Email, me.Name, me.Phone, me.Street })
        {
            Assert.Empty(await app.TablesHoldingAsync(value));   // every table, the outbox included
        }

        var after = await app.InStoreAsync("demo", db => db.Orders.Where(o => o.Number == number)
            .Select(o => new { o.Total, o.RefundedAmount }).SingleAsync());
        Assert.Equal(before, after);
        Assert.Equal(refunds, await app.InStoreAsync("demo", db => db.Refunds.Where(r => db.Orders.Any(o => o.Id == r.OrderId && o.Number == number))
            .SumAsync(r => r.Amount)));
        var erased = await app.InStoreAsync("demo", db => db.Shoppers.AsNoTracking().SingleAsync(s => s.Id == me.Id));
        Assert.Equal((PersonalData.ErasedName, null), (erased.DisplayName, erased.PasswordHash));
        Assert.NotNull(erased.ErasedAt);

        // Never signs in again, on no device; the e-mail registers afresh as a new account.
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherDevice.GetAsync("/api/v1/account/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.ClientFor("demo").PostAsJsonAsync("/api/v1/account/login", new { email = me.Email, password = me.Password })).StatusCode);
        var again = await app.RegisterAsync("demo", me.Email);
        Assert.NotEqual(me.Id, again.Id);
    }

    private static List<JsonElement> Values(JsonElement element, string name)
    {
        List<JsonElement> found = [];
        Walk(element);
        return found;

        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in e.EnumerateObject())
                {
                    if (p.NameEquals(name))
                    {
                        found.Add(p.Value);
                    }

                    Walk(p.Value);
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray())
                {
                    Walk(item);
                }
            }
        }
    }
}
