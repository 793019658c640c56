using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Domain.Members;
using Storefront.Domain.Ordering;
using Storefront.Web.Features.Members;
using Storefront.Web.Features.Ordering;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Members;

/// <summary>
/// The member programme against the real app: points earned when an order completes (confirmed by the shopper or by the
/// auto-confirm job) with the tier multiplier, the tier moving up on completion, down after a refund and when orders age
/// out of the growth window (the daily job, on app.Clock), points expiring, and the shopper's points page.
/// Tiers of this class's store: 普通 0, 白银 500, 黄金 2000.
/// </summary>
public sealed class MembersTests(StorefrontApp app) : IClassFixture<StorefrontApp>, IAsyncLifetime
{
    private const string Store = "demo";

    private Dictionary<string, Guid> _tiers = [];

    public async Task InitializeAsync() => _tiers = await app.InStoreAsync(Store, async db =>
    {
        if (!await db.MemberTiers.AnyAsync(t => t.Name == "白银" && t.GrowthThreshold == 500m))
        {
            // Whatever tiers the demo seed brings, this class's store has these three only.
            await db.Database.ExecuteSqlRawAsync("update member_accounts set tier_id = null; delete from member_tiers;");
            var now = app.Clock.GetUtcNow();
            db.MemberTiers.AddRange(
                MemberTier.Create(db.TenantId!.Value, new MemberTierDraft("普通", 0m, 1m, false, 1m), now),
                MemberTier.Create(db.TenantId!.Value, new MemberTierDraft("白银", 500m, 0.95m, false, 1.5m), now),
                MemberTier.Create(db.TenantId!.Value, new MemberTierDraft("黄金", 2000m, 0.9m, true, 2m), now));
            await db.SaveChangesAsync();
        }

        return await db.MemberTiers.ToDictionaryAsync(t => t.Name, t => t.Id);
    });

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Confirming_receipt_earns_points_with_the_orders_multiplier_and_moves_the_tier_up()
    {
        var (client, shopper, email) = await ShopperAsync();
        var sku = await app.SeedSkuAsync(Store, "MB-" + Guid.NewGuid().ToString("N")[..8], price: 600m);
        var number = await app.ShippedOrderAsync(Store, email, sku);
        await app.ExecuteAsync(Store, $"update orders set points_multiplier = 1.5 where number = '{number}'");
        var before = await StandingAsync(shopper);
        Assert.Equal(0, before.PointsBalance);

        var response = await client.PostAsync($"/api/v1/orders/{number}/confirm-receipt", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var order = await app.StoredOrderAsync(Store, number);
        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.Equal(900, order.PointsEarned);   // 600.00 of goods (shipping 10.00 earns nothing) × 1 per yuan × 1.5
        var entries = await LedgerAsync(shopper);
        var earned = Assert.Single(entries);
        Assert.Equal((PointsEntryKind.Earned, 900, 900, order.Id), (earned.Kind, earned.Points, earned.Remaining, earned.OrderId));
        Assert.Equal(MemberProgramme.Default.ExpiryFor(app.Clock.GetUtcNow()), earned.ExpiresAt);

        var account = await AccountAsync(shopper);
        Assert.Equal((900, 600m, _tiers["白银"]), (account.PointsBalance, account.Growth, account.TierId));

        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/members/me");
        Assert.Equal("白银", me.GetProperty("tier").GetProperty("name").GetString());
        Assert.Equal("黄金", me.GetProperty("nextTier").GetProperty("name").GetString());
        Assert.Equal(1400m, me.GetProperty("growthToNextTier").GetDecimal());
        Assert.Equal(900, me.GetProperty("pointsBalance").GetInt32());

        var page = await client.GetPageAsync("/account/points");
        Assert.Equal("白银", page.QuerySelector("[data-testid=member-tier]")?.TextContent);
        Assert.Equal("600.00", page.QuerySelector("[data-testid=member-growth]")?.TextContent);
        Assert.Contains("黄金", page.QuerySelector("[data-testid=member-next-tier]")?.TextContent);
        Assert.Equal("900", page.QuerySelector("[data-testid=points-balance]")?.TextContent);
        // The balance and the points about to expire are two figures, not "900900".
        var points = page.QuerySelector("[data-testid=points-balance]")!.ParentElement!.TextContent;
        Assert.DoesNotContain("900900", points);
        Assert.Contains("900 （900 积分将于", points);
        Assert.Equal("Earned", page.QuerySelector("[data-testid=points-entry]")?.GetAttribute("data-kind"));

        // Confirming again is refused and earns nothing more.
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/v1/orders/{number}/confirm-receipt", null)).StatusCode);
        Assert.Single(await LedgerAsync(shopper));
    }

    [Fact]
    public async Task The_auto_confirm_job_completing_an_order_earns_its_points_and_regrades()
    {
        var (_, shopper, email) = await ShopperAsync();
        var sku = await app.SeedSkuAsync(Store, "MA-" + Guid.NewGuid().ToString("N")[..8], price: 2500m);
        var number = await app.ShippedOrderAsync(Store, email, sku);

        app.Clock.Advance(TimeSpan.FromDays(10).Add(TimeSpan.FromMinutes(1)));
        await app.Services.GetRequiredService<OrderTimersJob>().RunOnceAsync();

        var order = await app.StoredOrderAsync(Store, number);
        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.Equal(2500, order.PointsEarned);
        var account = await AccountAsync(shopper);
        Assert.Equal((2500, 2500m, _tiers["黄金"]), (account.PointsBalance, account.Growth, account.TierId));
    }

    [Fact]
    public async Task A_refund_of_a_completed_order_takes_back_its_share_of_points_and_the_tier_goes_down()
    {
        var (client, shopper, email) = await ShopperAsync();
        var sku = await app.SeedSkuAsync(Store, "MR-" + Guid.NewGuid().ToString("N")[..8], price: 600m);
        var number = await app.ShippedOrderAsync(Store, email, sku);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/orders/{number}/confirm-receipt", null)).StatusCode);
        Assert.Equal(_tiers["白银"], (await AccountAsync(shopper)).TierId);

        // 200.00 goes back on the completed order (as after-sales will: the refund recorded, then the member hook).
        await app.InStoreAsync(Store, async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var order = await db.Orders.SingleAsync(o => o.Number == number);
            order.RecordRefund(200m, "after-sales-" + number, OrderActor.Staff(null), app.Clock.GetUtcNow());
            await Membership.OrderRefundedAsync(db, order, 200m, app.Clock.GetUtcNow(), default);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            return 0;
        });

        var account = await AccountAsync(shopper);
        Assert.Equal((400m, _tiers["普通"]), (account.Growth, account.TierId));
        Assert.Equal(400, account.PointsBalance);   // 600 earned, a third (200 of 600) taken back
        var entries = await LedgerAsync(shopper);
        Assert.Contains(entries, e => e.Kind == PointsEntryKind.Reversed && e.Points == -200);
        Assert.Equal(400, entries.Where(e => e.Points > 0).Sum(e => e.Remaining));
    }

    [Fact]
    public async Task Orders_ageing_out_of_the_window_lower_the_tier_in_the_daily_job_and_points_expire_at_the_end_of_the_next_year()
    {
        var (client, shopper, email) = await ShopperAsync();
        var sku = await app.SeedSkuAsync(Store, "MW-" + Guid.NewGuid().ToString("N")[..8], price: 700m);
        var number = await app.ShippedOrderAsync(Store, email, sku);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/orders/{number}/confirm-receipt", null)).StatusCode);
        var earnedAt = app.Clock.GetUtcNow();
        Assert.Equal(_tiers["白银"], (await AccountAsync(shopper)).TierId);
        var job = app.Services.GetRequiredService<MembersJob>();

        // Still inside the 365-day window: nothing changes.
        app.Clock.Advance(TimeSpan.FromDays(364));
        await job.RunOnceAsync();
        Assert.Equal((700m, _tiers["白银"]), ((await AccountAsync(shopper)).Growth, (await AccountAsync(shopper)).TierId));

        // Out of the window: the daily job takes the tier down.
        app.Clock.Advance(TimeSpan.FromDays(2));
        await job.RunOnceAsync();
        var account = await AccountAsync(shopper);
        Assert.Equal((0m, _tiers["普通"], 700), (account.Growth, account.TierId, account.PointsBalance));

        // The points live to the end of the year after earning (Beijing), then expire.
        var expiry = MemberProgramme.Default.ExpiryFor(earnedAt);
        app.Clock.SetUtcNow(expiry.AddSeconds(-1));
        await job.RunOnceAsync();
        Assert.Equal(700, (await AccountAsync(shopper)).PointsBalance);
        app.Clock.SetUtcNow(expiry);
        await job.RunOnceAsync();
        Assert.Equal(0, (await AccountAsync(shopper)).PointsBalance);
        var entries = await LedgerAsync(shopper);
        Assert.Contains(entries, e => e.Kind == PointsEntryKind.Expired && e.Points == -700);
        Assert.All(entries, e => Assert.Equal(0, e.Remaining));
    }

    [Fact]
    public async Task A_new_shopper_gets_a_member_account_and_the_new_member_coupons_on_sign_up()
    {
        var welcome = await app.CouponAsync(Store, "新人券-" + Guid.NewGuid().ToString("N")[..6], 100, 1, claimable: false, forNewMembers: true);
        var gone = await app.CouponAsync(Store, "新人券已完-" + Guid.NewGuid().ToString("N")[..6], 1, 1, claimable: false, forNewMembers: true);
        await app.ExecuteAsync(Store, $"update coupons set issued = 1 where id = '{gone}'");

        var (client, shopper) = await Storefront.Web.Tests.Ordering.CheckoutSeed.NewShopperAsync(app, Store);

        var held = await app.InStoreAsync(Store, db => db.ShopperCoupons.AsNoTracking().Where(c => c.ShopperId == shopper).ToListAsync());
        var copy = Assert.Single(held, c => c.CouponId == welcome);
        Assert.Equal(Storefront.Domain.Promotions.CouponSource.Welcome, copy.Source);
        Assert.DoesNotContain(held, c => c.CouponId == gone);
        Assert.Equal(_tiers["普通"], (await AccountAsync(shopper)).TierId);
        var page = await client.GetPageAsync("/account/coupons");
        Assert.Contains(page.QuerySelectorAll("[data-testid=my-coupon]"), e => e.GetAttribute("data-coupon-id") == welcome.ToString());
    }

    [Fact]
    public async Task Staff_asking_for_an_unknown_member_or_another_stores_shopper_get_a_404_problem()
    {
        var (_, shopper, _) = await ShopperAsync();
        var otherStores = await app.InStoreAsync("acme", db => db.Shoppers.Select(s => s.Id).FirstAsync());
        var staff = app.ClientFor(Store);
        await staff.SignInStaffAsync($"operator@{Store}.local");

        foreach (var unknown in new[] { Guid.NewGuid(), otherStores })
        {
            var response = await staff.GetAsync($"/api/v1/admin/members/{unknown}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var known = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admin/members/{shopper}");
        Assert.Equal(shopper, known.GetProperty("shopperId").GetGuid());
    }

    [Fact]
    public async Task An_operator_adjusts_points_with_a_reason_and_cannot_take_more_than_is_held()
    {
        var (_, shopper, email) = await ShopperAsync();
        var staff = app.ClientFor(Store);
        await staff.SignInStaffAsync($"operator@{Store}.local");

        var found = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admin/members?q={Uri.EscapeDataString(email)}");
        Assert.Equal(shopper, Assert.Single(found.EnumerateArray()).GetProperty("shopperId").GetGuid());

        var added = await staff.PostAsJsonAsync($"/api/v1/admin/members/{shopper}/points", new { points = 300, reason = "活动补偿" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(300, (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("balance").GetInt32());
        var taken = await staff.PostAsJsonAsync($"/api/v1/admin/members/{shopper}/points", new { points = -100, reason = "误发扣回" });
        Assert.Equal(200, (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("balance").GetInt32());

        var tooMuch = await staff.PostAsJsonAsync($"/api/v1/admin/members/{shopper}/points", new { points = -201, reason = "超扣" });
        Assert.Equal(HttpStatusCode.Conflict, tooMuch.StatusCode);
        var noReason = await staff.PostAsJsonAsync($"/api/v1/admin/members/{shopper}/points", new { points = 5, reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(200, (await AccountAsync(shopper)).PointsBalance);

        var ledger = await LedgerAsync(shopper);
        Assert.Equal(["活动补偿", "误发扣回"], ledger.Select(e => e.Note).Order());
        Assert.Equal(200, ledger.Where(e => e.Points > 0).Sum(e => e.Remaining));
        Assert.Equal(2, await app.CountAsync(Store, $"from audit_log where action = 'member.points-adjusted' and entity_id = '{shopper}'"));

        // A shopper or a merchant may not.
        var shopperClient = app.ClientFor(Store);
        await shopperClient.SignInShopperAsync(email, ShopperSeed.Password);
        Assert.NotEqual(HttpStatusCode.OK,
            (await shopperClient.PostAsJsonAsync($"/api/v1/admin/members/{shopper}/points", new { points = 5, reason = "x" })).StatusCode);
        var merchant = app.ClientFor(Store);
        await merchant.SignInStaffAsync($"merchant@{Store}.local");
        Assert.Equal(HttpStatusCode.Forbidden,
            (await merchant.PostAsJsonAsync($"/api/v1/admin/members/{shopper}/points", new { points = 5, reason = "x" })).StatusCode);

        var page = await staff.GetAsync("/admin/members");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task An_operator_sends_a_coupon_to_a_tier_and_only_its_members_get_one_while_any_are_left()
    {
        // Two 黄金 members (each completes a 2,000+ order) and one 普通.
        var gold = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            var (client, shopper, email) = await ShopperAsync();
            var sku = await app.SeedSkuAsync(Store, "MG-" + Guid.NewGuid().ToString("N")[..8], price: 2100m);
            var number = await app.ShippedOrderAsync(Store, email, sku);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/orders/{number}/confirm-receipt", null)).StatusCode);
            gold.Add(shopper);
        }

        var (_, plain, _) = await ShopperAsync();
        var golden = await app.InStoreAsync(Store, db => db.MemberAccounts.Where(a => a.TierId == _tiers["黄金"]).Select(a => a.ShopperId).ToListAsync());
        Assert.Subset(golden.ToHashSet(), gold.ToHashSet());

        var coupon = await app.CouponAsync(Store, "黄金专享-" + Guid.NewGuid().ToString("N")[..6], golden.Count, 1, claimable: false);
        var staff = app.ClientFor(Store);
        await staff.SignInStaffAsync($"operator@{Store}.local");
        var sent = await staff.PostAsJsonAsync($"/api/v1/admin/promotions/coupons/{coupon}/send", new { tierId = _tiers["黄金"] });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var result = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(golden.Count, result.GetProperty("sent").GetInt32());

        var holders = await app.InStoreAsync(Store, db => db.ShopperCoupons.AsNoTracking().Where(c => c.CouponId == coupon).ToListAsync());
        HashSet<Guid> holding = [.. holders.Select(h => h.ShopperId)];
        HashSet<Guid> tier = [.. golden];
        Assert.Equal(tier, holding);
        Assert.All(holders, h => Assert.Equal(Storefront.Domain.Promotions.CouponSource.Sent, h.Source));
        Assert.DoesNotContain(holders, h => h.ShopperId == plain);

        // Sent again: every member already holds the one allowed, and none are left anyway.
        var again = await staff.PostAsJsonAsync($"/api/v1/admin/promotions/coupons/{coupon}/send", new { tierId = _tiers["黄金"] });
        Assert.Equal(0, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sent").GetInt32());
        Assert.Equal(golden.Count, await app.CountAsync(Store, $"from shopper_coupons where coupon_id = '{coupon}'"));
        Assert.Equal(2, await app.CountAsync(Store, $"from audit_log where action = 'coupon.sent' and entity_id = '{coupon}'"));
    }

    private async Task<(HttpClient Client, Guid Id, string Email)> ShopperAsync()
    {
        var (id, email) = (await app.ShoppersAsync(Store, 1)).Single();
        var client = app.ClientFor(Store);
        await client.SignInShopperAsync(email, ShopperSeed.Password);
        return (client, id, email);
    }

    private Task<MemberAccount> AccountAsync(Guid shopper) =>
        app.InStoreAsync(Store, db => db.MemberAccounts.AsNoTracking().SingleAsync(a => a.ShopperId == shopper));

    private Task<List<PointsEntry>> LedgerAsync(Guid shopper) =>
        app.InStoreAsync(Store, db => db.PointsEntries.AsNoTracking().Where(e => e.ShopperId == shopper).OrderBy(e => e.At).ToListAsync());

    private Task<MemberStanding.Standing> StandingAsync(Guid shopper) => app.SendAsync(Store, new MemberStanding.Query(shopper));
}
