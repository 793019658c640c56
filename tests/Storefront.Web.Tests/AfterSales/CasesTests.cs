using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Members;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Features.AfterSales;
using Storefront.Web.Features.Ordering;
using Storefront.Web.Tests.Infrastructure;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.AfterSales;

/// <summary>
/// After-sales cases through the API against a real PostgreSQL: applying (and what is refused, changing nothing), the
/// merchant's approve / receive / refund, refunds paid once, auto-approval after the deadline, stock and points afterwards.
/// </summary>
public sealed class CasesTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Store = "demo";

    private async Task<HttpClient> ShopperAsync()
    {
        var client = app.ClientFor(Store);
        await client.SignInShopperAsync("shopper@demo.local");
        return client;
    }

    private async Task<HttpClient> MerchantAsync(string email = "merchant@demo.local")
    {
        var client = app.ClientFor(Store);
        await client.SignInStaffAsync(email);
        return client;
    }

    private async Task<Dictionary<string, Guid>> SkusAsync(params (string Suffix, int Stock)[] skus)
    {
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var seeded = await app.SeedProductAsync(Store, "售后测试 " + tag, [.. skus.Select(s => ($"{tag}-{s.Suffix}", s.Stock, 0))]);
        return skus.ToDictionary(s => s.Suffix, s => seeded[$"{tag}-{s.Suffix}"]);
    }

    /// <summary>A paid order shipped in one parcel (stock deducted) and confirmed received now; optionally with points granted.</summary>
    private async Task<string> CompletedOrderAsync(int pointsEarned, params (Guid SkuId, int Quantity)[] items)
    {
        var number = await app.PlaceOrderAsync(Store, paid: true, items);
        await app.InStoreAsync(Store, async db =>
        {
            var now = app.Clock.GetUtcNow();
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == number);
            order.Ship("顺丰速运", "SF" + number[^8..], [], OrderActor.Staff(null), TimeSpan.FromDays(10), now);
            await SkuStock.DeductAsync(db, order.TenantId, order.Lines.Select(l => (l.SkuId, l.Quantity)), default);
            order.ConfirmReceipt(OrderActor.Shopper(order.ShopperId), now);
            if (pointsEarned > 0)
            {
                order.GrantPoints(pointsEarned, now);
                db.PointsEntries.Add(PointsEntry.Create(order.TenantId, order.ShopperId, PointsEntryKind.Earned, pointsEarned, order.Id, "", now.AddYears(1),
                    now));
                await db.Database.ExecuteSqlAsync($"""
                    insert into member_accounts (tenant_id, shopper_id, growth, points_balance, updated_at)
                    values ({order.TenantId}, {order.ShopperId}, 0, {pointsEarned}, {now})
                    on conflict (tenant_id, shopper_id) do update set points_balance = member_accounts.points_balance + {pointsEarned}
                    """);
            }

            return await db.SaveChangesAsync();
        });
        return number;
    }

    private Task<int> PointsBalanceAsync() =>
        app.InStoreAsync(Store, async db =>
        {
            var shopper = await db.Shoppers.SingleAsync(s => s.Email == "shopper@demo.local");
            return await db.MemberAccounts.Where(a => a.ShopperId == shopper.Id).Select(a => a.PointsBalance).SingleOrDefaultAsync();
        });

    private static object Apply(Guid lineId, string kind, string reason, int quantity, IEnumerable<string>? photos = null, Guid? exchangeSkuId = null) =>
        new { lineId, kind, reason, quantity, description = "测试", photos, exchangeSkuId };

    private Task<long> CasesOfAsync(Order order) => app.CountAsync(Store, $"from aftersales_cases where order_id = '{order.Id}'");

    [Fact]
    public async Task A_return_of_one_of_two_units_is_approved_received_restocked_and_refunded_its_share()
    {
        var skus = await SkusAsync(("A", 10));
        var number = await CompletedOrderAsync(0, (skus["A"], 2));
        var order = await app.OrderAsync(Store, number);
        var line = order.Lines.Single();
        var shopper = await ShopperAsync();
        var merchant = await MerchantAsync();
        Assert.Equal((8, 0), await app.StockAsync(Store, skus["A"]));

        var opened = await JsonAsync(await shopper.PostAsJsonAsync($"/api/v1/orders/{number}/after-sales", Apply(line.Id, "ReturnAndRefund", "NoReason", 1)));
        var id = opened.GetProperty("id").GetGuid();
        Assert.Equal("Requested", opened.GetProperty("status").GetString());
        Assert.Equal(line.PaidAmount / 2, opened.GetProperty("refundAmount").GetDecimal());

        var approved = await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/after-sales/{id}/approve", new { returnAddress = "上海市浦东新区 退货仓 1 号" }));
        Assert.Equal("AwaitingReturn", approved.GetProperty("status").GetString());
        await JsonAsync(await shopper.PostAsJsonAsync($"/api/v1/after-sales/{id}/return-shipment", new { carrier = "顺丰速运", trackingNumber = "SF9000000001" }));
        await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/after-sales/{id}/receive", new { restock = true }));
        Assert.Equal((9, 0), await app.StockAsync(Store, skus["A"]));
        var refunded = await JsonAsync(await merchant.PostAsync($"/api/v1/admin/after-sales/{id}/refund", null));
        Assert.Equal("Refunded", refunded.GetProperty("status").GetString());

        var mine = await JsonAsync(await shopper.GetAsync($"/api/v1/after-sales/{id}"));
        Assert.Equal(line.PaidAmount / 2, mine.GetProperty("refundAmount").GetDecimal());
        Assert.Equal(["requested", "approved", "return-shipped", "received", "refunded"],
            mine.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(line.PaidAmount / 2, (await app.OrderAsync(Store, number)).RefundedAmount);
        Assert.Equal(1, await app.CountAsync(Store, $"from refunds where order_id = '{order.Id}' and idempotency_key = 'case:{id}' and status = 'Succeeded'"));
        Assert.Single((await JsonAsync(await shopper.GetAsync("/api/v1/after-sales"))).EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Two_parallel_refunds_of_one_case_pay_once()
    {
        var skus = await SkusAsync(("A", 10));
        var number = await app.PlaceOrderAsync(Store, paid: true, (skus["A"], 2));
        var order = await app.OrderAsync(Store, number);
        var shopper = await ShopperAsync();
        var merchant = await MerchantAsync();
        var owner = await MerchantAsync("owner@demo.local");
        var opened = await JsonAsync(await shopper.PostAsJsonAsync($"/api/v1/orders/{number}/after-sales", Apply(order.Lines[0].Id, "RefundOnly", "Other", 1)));
        var id = opened.GetProperty("id").GetGuid();
        await JsonAsync(await merchant.PostAsync($"/api/v1/admin/after-sales/{id}/approve", JsonContent.Create(new { })));

        var answers = await Task.WhenAll(
            merchant.PostAsync($"/api/v1/admin/after-sales/{id}/refund", null),
            owner.PostAsync($"/api/v1/admin/after-sales/{id}/refund", null));
        foreach (var answer in answers)
        {
            Assert.Equal("Refunded", (await JsonAsync(answer)).GetProperty("status").GetString());
        }

        var amount = opened.GetProperty("refundAmount").GetDecimal();
        Assert.Equal(1, await app.CountAsync(Store, $"from refunds where order_id = '{order.Id}'"));
        Assert.Equal(1, await app.CountAsync(Store, $"from refunds where idempotency_key = 'case:{id}' and amount = {amount} and status = 'Succeeded'"));
        var after = await app.OrderAsync(Store, number);
        Assert.Equal(amount, after.RefundedAmount);
        Assert.Single(after.Events, e => e.Kind == "refunded");

        // Later again: still once.
        await JsonAsync(await merchant.PostAsync($"/api/v1/admin/after-sales/{id}/refund", null));
        Assert.Equal(1, await app.CountAsync(Store, $"from refunds where order_id = '{order.Id}'"));
    }

    [Fact]
    public async Task An_unanswered_refund_only_case_is_approved_and_refunded_by_the_job_once_the_deadline_passes_not_a_minute_before()
    {
        var skus = await SkusAsync(("A", 10));
        var number = await app.PlaceOrderAsync(Store, paid: true, (skus["A"], 1));
        var order = await app.OrderAsync(Store, number);
        var shopper = await ShopperAsync();
        var merchant = await MerchantAsync();
        var opened = await JsonAsync(await shopper.PostAsJsonAsync($"/api/v1/orders/{number}/after-sales", Apply(order.Lines[0].Id, "RefundOnly", "Other", 1)));
        var id = opened.GetProperty("id").GetGuid();
        var job = app.Services.GetRequiredService<AfterSalesJob>();

        app.Clock.Advance(AfterSalesPolicy.Default.AnswerTime - TimeSpan.FromMinutes(1));
        await job.RunOnceAsync();
        Assert.Equal("Requested", (await JsonAsync(await shopper.GetAsync($"/api/v1/after-sales/{id}"))).GetProperty("status").GetString());
        Assert.DoesNotContain((await JsonAsync(await merchant.GetAsync("/api/v1/admin/after-sales?overdue=true"))).EnumerateArray(), c =>
            c.GetProperty("id").GetGuid() == id);

        // (Advancing the clock also wakes the app's own after-sales job, which may approve the case first: either pass does it once.)
        // If the app's job holds the case (SKIP LOCKED), this pass skips it: wait for that one to commit.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await job.RunOnceAsync();
        var done = await JsonAsync(await shopper.GetAsync($"/api/v1/after-sales/{id}"));
        for (var i = 0; i < 100 && done.GetProperty("status").GetString() != "Refunded"; i++)
        {
            await Task.Delay(100);
            done = await JsonAsync(await shopper.GetAsync($"/api/v1/after-sales/{id}"));
        }

        Assert.Equal("Refunded", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("autoApproved").GetBoolean());
        Assert.Equal(["requested", "auto-approved", "refunded"], done.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(opened.GetProperty("refundAmount").GetDecimal(), (await app.OrderAsync(Store, number)).RefundedAmount);
        await job.RunOnceAsync();
        Assert.Equal(1, await app.CountAsync(Store, $"from refunds where order_id = '{order.Id}'"));
    }

    [Fact]
    public async Task Returning_the_whole_order_takes_back_the_points_it_earned_and_leaves_stock_as_the_merchant_decided()
    {
        var skus = await SkusAsync(("A", 10), ("B", 10));
        var before = await PointsBalanceAsync();
        var number = await CompletedOrderAsync(100, (skus["A"], 1), (skus["B"], 1));
        var order = await app.OrderAsync(Store, number);
        Assert.Equal(before + 100, await PointsBalanceAsync());
        var shopper = await ShopperAsync();
        var merchant = await MerchantAsync();

        var ids = new List<Guid>();
        foreach (var (line, restock) in order.Lines.Zip([true, false]))
        {
            var opened = await JsonAsync(await shopper.PostAsJsonAsync($"/api/v1/orders/{number}/after-sales",
                Apply(line.Id, "ReturnAndRefund", "QualityProblem", 1)));
            var id = opened.GetProperty("id").GetGuid();
            await JsonAsync(await merchant.PostAsync($"/api/v1/admin/after-sales/{id}/approve", JsonContent.Create(new { returnAddress = "退货仓" })));
            await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/after-sales/{id}/receive", new { restock }));
            await JsonAsync(await merchant.PostAsync($"/api/v1/admin/after-sales/{id}/refund", null));
            ids.Add(id);
        }

        Assert.Equal((10, 0), await app.StockAsync(Store, skus["A"]));   // resellable: back on hand
        Assert.Equal((9, 0), await app.StockAsync(Store, skus["B"]));    // damaged: not
        var after = await app.OrderAsync(Store, number);
        Assert.Equal(order.Total - order.ShippingFee, after.RefundedAmount);
        Assert.Equal(before, await PointsBalanceAsync());
        Assert.Equal(-100,
            await app.InStoreAsync(Store, db =>
            db.PointsEntries.Where(e => e.OrderId == order.Id && e.Kind == PointsEntryKind.Reversed).SumAsync(e => e.Points)));
    }

    [Fact]
    public async Task An_order_with_an_open_case_does_not_auto_complete_until_the_case_ends()
    {
        var skus = await SkusAsync(("A", 10));
        var number = await app.ShippedOrderAsync(Store, "shopper@demo.local", skus["A"]);   // auto-confirm in 10 days
        var order = await app.OrderAsync(Store, number);
        var timers = app.Services.GetRequiredService<OrderTimersJob>();
        app.Clock.Advance(TimeSpan.FromDays(10) - TimeSpan.FromHours(1));
        var shopper = await ShopperAsync();
        var opened = await JsonAsync(await shopper.PostAsJsonAsync($"/api/v1/orders/{number}/after-sales",
            Apply(order.Lines[0].Id, "RefundOnly", "NotReceived", 1)));
        var id = opened.GetProperty("id").GetGuid();

        app.Clock.Advance(TimeSpan.FromHours(2));   // past auto-confirm, the case still waiting for the merchant
        await timers.RunOnceAsync();
        Assert.Equal(OrderStatus.Shipped, (await app.OrderAsync(Store, number)).Status);

        await JsonAsync(await shopper.PostAsync($"/api/v1/after-sales/{id}/withdraw", null));
        await timers.RunOnceAsync();
        Assert.Equal(OrderStatus.Completed, (await app.OrderAsync(Store, number)).Status);
    }

    [Fact]
    public async Task Bad_applications_are_refused_with_clear_problems_and_change_nothing()
    {
        var skus = await SkusAsync(("A", 10), ("B", 10));
        var otherProduct = await SkusAsync(("X", 10));
        var number = await CompletedOrderAsync(0, (skus["A"], 2));
        var order = await app.OrderAsync(Store, number);
        var line = order.Lines.Single();
        var shopper = await ShopperAsync();
        var url = $"/api/v1/orders/{number}/after-sales";

        var tooMany = await ProblemAsync(await shopper.PostAsJsonAsync(url, Apply(line.Id, "ReturnAndRefund", "NoReason", 3)), HttpStatusCode.BadRequest);
        Assert.Contains("最多可申请 2 件", tooMany.GetProperty("title").GetString());
        var photos = Enumerable.Range(0, 7).Select(i => new string((char)('a' + i), 64) + ".jpg");
        var seventh = await ProblemAsync(await shopper.PostAsJsonAsync(url, Apply(line.Id, "ReturnAndRefund", "NoReason", 1, photos)),
            HttpStatusCode.BadRequest);
        Assert.Contains("最多上传 6 张图片", seventh.GetProperty("errors").GetProperty("photos")[0].GetString());
        var exchange = await ProblemAsync(await shopper.PostAsJsonAsync(url, Apply(line.Id, "Exchange", "NoReason", 1, exchangeSkuId: otherProduct["X"])),
            HttpStatusCode.BadRequest);
        Assert.Contains("同一商品", exchange.GetProperty("title").GetString());
        // The collection address takes the order number in the body: missing → a field error; someone else's → 404.
        var noNumber = await ProblemAsync(await shopper.PostAsJsonAsync("/api/v1/after-sales", Apply(line.Id, "ReturnAndRefund", "NoReason", 1)),
            HttpStatusCode.BadRequest);
        Assert.Equal("请填写订单号。", noNumber.GetProperty("errors").GetProperty("number")[0].GetString());
        var stranger = app.ClientFor(Store);
        Assert.True((await stranger.PostAsJsonAsync("/api/v1/account/register",
            new { email = $"stranger-{Guid.NewGuid():N}@example.com", password = "storefront-demo", displayName = "路人" })).IsSuccessStatusCode);
        await ProblemAsync(await stranger.PostAsJsonAsync("/api/v1/after-sales",
            new { number, lineId = line.Id, kind = "ReturnAndRefund", reason = "NoReason", quantity = 1 }), HttpStatusCode.NotFound);
        Assert.Equal(0, await CasesOfAsync(order));

        // One unit in an open case: one left.
        await JsonAsync(await shopper.PostAsJsonAsync(url, Apply(line.Id, "Exchange", "NoReason", 1, exchangeSkuId: skus["B"])));
        var above = await ProblemAsync(await shopper.PostAsJsonAsync(url, Apply(line.Id, "ReturnAndRefund", "NoReason", 2)), HttpStatusCode.BadRequest);
        Assert.Contains("1 件已在售后中", above.GetProperty("title").GetString());

        // Outside the no-reason window (7 days after receipt): refused as a conflict with the date it closed.
        app.Clock.Advance(TimeSpan.FromDays(7));
        var late = await ProblemAsync(await shopper.PostAsJsonAsync(url, Apply(line.Id, "ReturnAndRefund", "NoReason", 1)), HttpStatusCode.Conflict);
        Assert.Contains("已超过无理由退换期限", late.GetProperty("title").GetString());
        Assert.Equal(1, await CasesOfAsync(order));
    }

    [Fact]
    public async Task An_exchange_reserves_the_new_sku_on_approval_restocks_the_old_and_deducts_the_new_when_shipped()
    {
        var skus = await SkusAsync(("A", 10), ("B", 5));
        var number = await CompletedOrderAsync(0, (skus["A"], 2));
        var line = (await app.OrderAsync(Store, number)).Lines.Single();
        var shopper = await ShopperAsync();
        var merchant = await MerchantAsync();

        var opened = await JsonAsync(await shopper.PostAsJsonAsync($"/api/v1/orders/{number}/after-sales",
            Apply(line.Id, "Exchange", "WrongItem", 1, exchangeSkuId: skus["B"])));
        var id = opened.GetProperty("id").GetGuid();
        Assert.Equal(0m, opened.GetProperty("refundAmount").GetDecimal());
        await JsonAsync(await merchant.PostAsync($"/api/v1/admin/after-sales/{id}/approve", JsonContent.Create(new { returnAddress = "退货仓" })));
        Assert.Equal((5, 1), await app.StockAsync(Store, skus["B"]));
        await JsonAsync(await shopper.PostAsJsonAsync($"/api/v1/after-sales/{id}/return-shipment", new { carrier = "中通快递", trackingNumber = "ZT9000000001" }));
        await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/after-sales/{id}/receive", new { restock = true }));
        await ProblemAsync(await merchant.PostAsync($"/api/v1/admin/after-sales/{id}/refund", null), HttpStatusCode.Conflict);
        var shipped = await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/after-sales/{id}/ship-exchange",
            new { carrier = "顺丰速运", trackingNumber = "SF9000000002" }));

        Assert.Equal("Exchanged", shipped.GetProperty("status").GetString());
        Assert.Equal((9, 0), await app.StockAsync(Store, skus["A"]));
        Assert.Equal((4, 0), await app.StockAsync(Store, skus["B"]));
        Assert.Equal(0, await app.CountAsync(Store, $"from refunds where idempotency_key = 'case:{id}'"));
    }

    [Fact]
    public async Task The_owner_sets_the_windows_and_a_case_opened_afterwards_follows_them()
    {
        var owner = await MerchantAsync("owner@demo.local");
        var merchant = await MerchantAsync();
        const string Url = "/api/v1/admin/settings/after-sales";
        Assert.Equal(HttpStatusCode.Forbidden,
            (await merchant.PutAsJsonAsync(Url,
            new { noReasonDays = 10, qualityDays = 20, answerHours = 24, complaintAnswerHours = 24, threshold = "RefundAllocated" })).StatusCode);
        await ProblemAsync(await owner.PutAsJsonAsync(Url,
            new { noReasonDays = 10, qualityDays = 5, answerHours = 24, complaintAnswerHours = 24, threshold = "RefundAllocated" }), HttpStatusCode.BadRequest);
        var saved = await JsonAsync(await owner.PutAsJsonAsync(Url,
            new { noReasonDays = 7, qualityDays = 15, answerHours = 24, complaintAnswerHours = 24, threshold = "RefundAllocated", returnAddress = "上海市 退货仓" }));
        Assert.Equal(24, saved.GetProperty("answerHours").GetInt32());

        var skus = await SkusAsync(("A", 10));
        var number = await app.PlaceOrderAsync(Store, paid: true, (skus["A"], 1));
        var shopper = await ShopperAsync();
        var opened = await JsonAsync(await shopper.PostAsJsonAsync($"/api/v1/orders/{number}/after-sales",
            Apply((await app.OrderAsync(Store, number)).Lines[0].Id, "RefundOnly", "Other", 1)));
        Assert.Equal(app.Clock.GetUtcNow().AddHours(24), opened.GetProperty("answerDueAt").GetDateTimeOffset());
        await JsonAsync(await owner.PutAsJsonAsync(Url,
            new { noReasonDays = 7, qualityDays = 15, answerHours = 48, complaintAnswerHours = 24, threshold = "RefundAllocated", returnAddress = "上海市 退货仓" }));
    }

    [Fact]
    public async Task The_shopper_pages_show_the_apply_link_the_form_and_the_case()
    {
        var skus = await SkusAsync(("A", 10));
        var number = await CompletedOrderAsync(0, (skus["A"], 2));
        var line = (await app.OrderAsync(Store, number)).Lines.Single();
        var shopper = await ShopperAsync();

        var orderPage = await shopper.GetStringAsync($"/orders/{number}");
        Assert.Contains($"/orders/{number}/aftersales/{line.Id}", orderPage);
        var form = await shopper.GetStringAsync($"/orders/{number}/aftersales/{line.Id}");
        Assert.Contains("data-testid=\"apply-form\"", form);
        var opened = await JsonAsync(await shopper.PostAsJsonAsync($"/api/v1/orders/{number}/after-sales", Apply(line.Id, "ReturnAndRefund", "NoReason", 1)));
        var id = opened.GetProperty("id").GetGuid();
        var casePage = await shopper.GetStringAsync($"/aftersales/{id}");
        Assert.Contains("data-testid=\"withdraw\"", casePage);
        Assert.Contains("data-testid=\"order-aftersales-state\"", await shopper.GetStringAsync($"/orders/{number}"));
        // The order's status and the after-sales badge read as two words ("已完成 售后处理中"), not run together.
        var statusLine = (await shopper.GetPageAsync($"/orders/{number}")).QuerySelector(".order-status-line")!;
        var status = statusLine.QuerySelector("[data-testid=order-status]")!.TextContent.Trim();
        var badge = statusLine.QuerySelector("[data-testid=order-aftersales-state]")!.TextContent.Trim();
        Assert.Contains($"{status} {badge}", statusLine.TextContent);
        Assert.Contains($"/aftersales/{id}", await shopper.GetStringAsync("/aftersales"));
    }
}
