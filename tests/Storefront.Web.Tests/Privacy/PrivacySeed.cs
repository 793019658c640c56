using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Members;
using Storefront.Domain.Notifications;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;
using Storefront.Domain.Promotions;
using Storefront.Domain.Reviews;
using Storefront.Web.Features.PaymentSandbox;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Notifications;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Privacy;

/// <summary>A registered shopper: the client holding its cookie, its id, and the personal values it was given.</summary>
public sealed record PrivacyShopper(HttpClient Client, Guid Id, string Email, string Password, string Name, string Phone, string Street);

/// <summary>Shoppers with something in every table that keeps a shopper's data, for the copy and the erasure.</summary>
public static class PrivacySeed
{
    public const string Password = "Privacy1234-long";

    /// <summary>Registers a shopper through the API (accepting the store's policy, opting in to marketing) with a phone and street of its own.</summary>
    public static async Task<PrivacyShopper> RegisterAsync(this StorefrontApp app, string store, string? email = null)
    {
        var client = app.ClientFor(store);
        email ??= $"pipl-{Guid.NewGuid():N}@example.com";
        var name = "隐私" + Random.Shared.Next(100_000, 999_999);
        var response = await client.PostAsJsonAsync("/api/v1/account/register",
            new { email, password = Password, displayName = name, acceptPrivacyPolicy = true, marketingOptIn = true });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("shopperId").GetGuid();
        var phone = "13" + Random.Shared.Next(5, 10) + Random.Shared.Next(10_000_000, 99_999_999);
        var street = $"隐私路 {Random.Shared.Next(1000, 9999)} 号 {Random.Shared.Next(100, 999)} 室";
        return new PrivacyShopper(client, id, email, Password, name, phone, street);
    }

    /// <summary>
    /// Gives the shopper an address, a completed order (paid, shipped, received, part refunded) to that address, an after-sales
    /// case on it (left open, or withdrawn), a complaint, a review, points, a coupon, the order's e-mails and a staff e-mail
    /// that quotes the phone. Returns the order number.
    /// </summary>
    public static Task<string> EverythingAsync(this StorefrontApp app, string store, PrivacyShopper shopper, bool caseOpen = false) =>
        app.InStoreAsync(store, async db =>
        {
            var tenant = db.TenantId!.Value;
            var now = app.Clock.GetUtcNow();
            var address = ShippingAddress.Create(shopper.Name, shopper.Phone, "浙江省", "杭州市", "西湖区", shopper.Street);
            db.Addresses.Add(ShopperAddress.Create(tenant, shopper.Id, address, isDefault: true, now));
            var sku = await db.Skus.OrderBy(s => s.Id).FirstAsync();
            var product = await db.Products.SingleAsync(p => p.Id == sku.ProductId);
            var template = ShippingTemplate.Create(tenant, new ShippingTemplateDraft("快递", ShippingFeeKind.Flat, 10m), now);
            db.ShippingTemplates.Add(template);
            var number = await OrderNumbers.NextAsync(db, now, Storefront.Domain.Tenancy.StoreTimeZone.Find(null), default);
            OrderItem[] items = [new(product.Id, sku.Id, product.Name, product.Slug, sku.Code, sku.SpecText, sku.Image, sku.WeightGrams, 1)];
            var quote = PricingEngine.Price(new PricingRequest([new PricingLine(sku.Id, product.Id, product.CategoryId, sku.Price, 1, sku.WeightGrams)],
                template, now));
            var order = Order.Place(tenant, number, shopper.Id, address, template, items, quote, "放门口，电话 " + shopper.Phone, null,
                TimeSpan.FromMinutes(30), now);
            var payment = Payment.Start(tenant, order.Id, SandboxGateway.ProviderName, order.Total, now);
            payment.Complete(true, "seed-" + number, now);
            order.MarkPaid(order.Total, "seed-" + number, now);
            order.Ship("顺丰速运", "SF" + number[^8..], [], OrderActor.Staff(null), TimeSpan.FromDays(10), now);
            db.Orders.Add(order);
            db.Outbox.Add(OrderNotifications.Paid(order, shopper.Email, now));
            var staffMail = $"顾客留言：请回电 {shopper.Phone}";
            db.Outbox.Add(OutboxMessage.Create(tenant, "complaint.overdue", "owner@demo.local", "投诉超时未处理", staffMail, now));
            await db.SaveChangesAsync();
            db.Payments.Add(payment);
            await db.SaveChangesAsync();
            db.Refunds.Add(Refund.Request(tenant, order.Id, payment.Id, 1m, "seed", "seed-" + number, now));

            var line = order.Lines[0];
            var @case = AfterSalesCase.Open(order,
                new AfterSalesRequest(line.Id, AfterSalesKind.RefundOnly, AfterSalesReason.NotReceived, 1, "还没收到", null), [], AfterSalesPolicy.Default,
                null, now);
            db.AfterSalesCases.Add(@case);
            await db.SaveChangesAsync();
            if (!caseOpen)
            {
                @case.Withdraw(OrderActor.Shopper(shopper.Id), now);
            }

            order.ConfirmReceipt(OrderActor.Shopper(shopper.Id), now);
            db.Complaints.Add(Complaint.File(order, ComplaintKind.Delay, "发货太慢", AfterSalesPolicy.Default, now));
            db.Reviews.Add(Review.Write(order, line.Id, shopper.Id, 5, "很好用", null, false, now));
            var expires = MemberProgramme.Default.ExpiryFor(now);
            db.PointsEntries.Add(PointsEntry.Create(tenant, shopper.Id, PointsEntryKind.Adjusted, 10, null, "seed", expires, now));
            var coupon = Coupon.Create(tenant, new CouponDraft("隐私券", CouponKind.Amount, 5m, null, 50m, ScopeKind.Store, null, true,
                CouponValidity.DaysFromClaim, null, null, 7, 100, 1, true, true), now);
            db.Coupons.Add(coupon);
            db.ShopperCoupons.Add(coupon.IssueTo(shopper.Id, CouponSource.Claimed, now));
            await db.SaveChangesAsync();
            return number;
        });

    /// <summary>What the database holds, read as the owner (no row-level security): rows of any table whose text holds <paramref name="value"/>.</summary>
    public static async Task<List<string>> TablesHoldingAsync(this StorefrontApp app, string value)
    {
        await using var conn = new Npgsql.NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        List<string> tables = [];
        await using (var list = new Npgsql.NpgsqlCommand("select tablename from pg_tables where schemaname = 'public' order by tablename", conn))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        List<string> holding = [];
        foreach (var table in tables)
        {
            await using var cmd = new Npgsql.NpgsqlCommand($"select count(*) from \"{table}\" t where strpos(lower(t::text), lower($1)) > 0", conn);
            cmd.Parameters.AddWithValue(value);
            if ((long)(await cmd.ExecuteScalarAsync())! > 0)
            {
                holding.Add(table);
            }
        }

        return holding;
    }
}
