using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Ordering;
using Storefront.Domain.Privacy;
using Storefront.Web.Features.AfterSales;
using Storefront.Web.Tests.Infrastructure;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.Privacy;

/// <summary>Minimum exposure (issue 19, item 4): staff see masked phones and streets except on the shipping screen; a reveal is audited.</summary>
public sealed class MinimumExposureTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private static ShippingAddress NewAddress() => ShippingAddress.Create("王五", "137" + Random.Shared.Next(10_000_000, 99_999_999),
        "浙江省", "杭州市", "西湖区", $"文一路 {Random.Shared.Next(100, 999)} 号");

    private async Task<HttpClient> MerchantAsync()
    {
        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        return merchant;
    }

    private Task<Guid> SkuAsync() => app.InStoreAsync("demo", db => db.Skus.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());

    [Fact]
    public async Task The_order_grid_shows_a_masked_phone_though_it_filters_by_the_full_one()
    {
        var address = NewAddress();
        await app.PlaceOrderAsync("demo", paid: false, address, (await SkuAsync(), 1));
        var response = await (await MerchantAsync()).GetAsync($"/api/v1/admin/orders?phone={address.Phone}");
        var page = await JsonAsync(response);
        Assert.Equal(PersonalData.MaskPhone(address.Phone), Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("phone").GetString());
        Assert.DoesNotContain(address.Phone, page.GetRawText());
    }

    [Fact]
    public async Task The_order_detail_shows_the_full_address_only_while_the_order_is_to_ship()
    {
        var address = NewAddress();
        var merchant = await MerchantAsync();
        var toShip = await app.PlaceOrderAsync("demo", paid: true, address, (await SkuAsync(), 1));
        var unpaid = await app.PlaceOrderAsync("demo", paid: false, address, (await SkuAsync(), 1));

        var shipping = await JsonAsync(await merchant.GetAsync($"/api/v1/admin/orders/{toShip}"));
        Assert.False(shipping.GetProperty("addressMasked").GetBoolean());
        Assert.Equal((address.Phone, address.Street), (shipping.GetProperty("address").GetProperty("phone").GetString(),
            shipping.GetProperty("address").GetProperty("street").GetString()));

        var other = await JsonAsync(await merchant.GetAsync($"/api/v1/admin/orders/{unpaid}"));
        Assert.True(other.GetProperty("addressMasked").GetBoolean());
        Assert.DoesNotContain(address.Phone, other.GetRawText());
        Assert.DoesNotContain(address.Street, other.GetRawText());
        Assert.Equal("137****" + address.Phone[^4..], other.GetProperty("address").GetProperty("phone").GetString());
    }

    [Fact]
    public async Task Revealing_a_masked_address_needs_a_reason_and_is_audited_without_the_value()
    {
        var address = NewAddress();
        var merchant = await MerchantAsync();
        var number = await app.PlaceOrderAsync("demo", paid: false, address, (await SkuAsync(), 1));

        Assert.NotEmpty(Errors(await ProblemAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/orders/{number}/reveal-address", new { reason = "" })),
            "reason"));
        var revealed = await JsonAsync(
            await merchant.PostAsJsonAsync($"/api/v1/admin/orders/{number}/reveal-address", new { reason = "顾客来电核对地址" }));
        Assert.Equal((address.Phone, address.Street), (revealed.GetProperty("phone").GetString(), revealed.GetProperty("street").GetString()));

        var orderId = (await app.StoredOrderAsync("demo", number)).Id.ToString();
        var audit = await app.InStoreAsync("demo", db => db.AuditLog.AsNoTracking()
            .SingleAsync(a => a.Action == "personal-data.revealed" && a.EntityId == orderId));
        Assert.Equal("顾客来电核对地址", System.Text.Json.JsonDocument.Parse(audit.Details).RootElement.GetProperty("Reason").GetString());
        Assert.DoesNotContain(address.Phone, audit.Details);
        Assert.NotNull(audit.ActorId);

        var service = app.ClientFor("demo");
        await service.SignInStaffAsync("operator@demo.local");   // no order role
        Assert.Equal(HttpStatusCode.Forbidden,
            (await service.PostAsJsonAsync($"/api/v1/admin/orders/{number}/reveal-address", new { reason = "想看看" })).StatusCode);
    }

    [Fact]
    public async Task The_csv_export_masks_phones_and_streets()
    {
        var address = NewAddress();
        await app.PlaceOrderAsync("demo", paid: true, address, (await SkuAsync(), 1));
        var csv = await (await MerchantAsync()).GetStringAsync($"/api/v1/admin/orders.csv?phone={address.Phone}");
        Assert.Contains(PersonalData.MaskPhone(address.Phone), csv);
        Assert.Contains("浙江省杭州市西湖区****", csv);
        Assert.DoesNotContain(address.Phone, csv);
        Assert.DoesNotContain(address.Street, csv);
    }

    [Fact]
    public async Task A_staff_email_quoting_a_complaint_masks_the_phone_in_it()
    {
        var shopper = await app.RegisterAsync("demo");
        var number = await app.EverythingAsync("demo", shopper);
        await app.InStoreAsync("demo", async db =>
        {
            var order = await db.Orders.SingleAsync(o => o.Number == number);
            var text = $"客服不接电话，请打 {shopper.Phone}";
            db.Complaints.Add(Complaint.File(order, ComplaintKind.Service, text, AfterSalesPolicy.Default, app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        await using (var owner = new NpgsqlConnection(app.Database.AdminConnectionString))
        {
            await owner.OpenAsync();
            await using var due = new NpgsqlCommand("update complaints set answer_due_at = answer_due_at - interval '30 days' where order_number = $1", owner);
            due.Parameters.AddWithValue(number);
            await due.ExecuteNonQueryAsync();
        }

        await app.SendAsync("demo", new FlagOverdueComplaints.Command());

        var bodies = await app.InStoreAsync("demo", db => db.Outbox.AsNoTracking()
            .Where(m => m.Kind == FlagOverdueComplaints.Kind && m.Subject.Contains(number)).Select(m => m.Body).ToListAsync());
        Assert.Contains(bodies, b => b.Contains(PersonalData.MaskPhone(shopper.Phone)));
        Assert.DoesNotContain(bodies, b => b.Contains(shopper.Phone));
    }
}
