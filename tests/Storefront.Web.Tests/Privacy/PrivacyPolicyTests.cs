using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Domain.Notifications;
using Storefront.Domain.Privacy;
using Storefront.Web.Features.Privacy;
using Storefront.Web.Tests.Infrastructure;
using Storefront.Web.Tests.Ordering;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.Privacy;

/// <summary>Consent (issue 19, item 1): the Owner's versioned policy, acceptance at registration and after a new version, marketing opt-in.</summary>
public sealed class PrivacyPolicyTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private async Task<int> PublishAsync(string store, string text)
    {
        var owner = app.ClientFor(store);
        await owner.SignInStaffAsync($"owner@{store}.local");
        return (await JsonAsync(await owner.PostAsJsonAsync("/api/v1/admin/privacy-policy", new { text }))).GetProperty("version").GetInt32();
    }

    private static async Task<JsonElement> ConsentAsync(HttpClient shopper) => await JsonAsync(await shopper.GetAsync("/api/v1/account/consent"));

    [Fact]
    public async Task Registration_records_the_accepted_version_and_time_and_refuses_without_acceptance()
    {
        var version = await PublishAsync("demo", "## 我们收集什么\n\n姓名、手机号、收货地址。");

        var refused = await ProblemAsync(await app.ClientFor("demo").PostAsJsonAsync("/api/v1/account/register",
            new { email = $"no-{Guid.NewGuid():N}@example.com", password = PrivacySeed.Password, acceptPrivacyPolicy = false }));
        Assert.Contains("隐私政策", Assert.Single(Errors(refused, "acceptPrivacyPolicy")));

        var shopper = await app.RegisterAsync("demo");
        var consent = await ConsentAsync(shopper.Client);
        Assert.Equal(version, consent.GetProperty("acceptedVersion").GetInt32());
        Assert.Equal(app.Clock.GetUtcNow(), consent.GetProperty("acceptedAt").GetDateTimeOffset());
        Assert.False(consent.GetProperty("mustAccept").GetBoolean());
        Assert.True(consent.GetProperty("marketingOptIn").GetBoolean());
        var history = await app.InStoreAsync("demo", db => db.ConsentRecords.Where(c => c.ShopperId == shopper.Id).ToListAsync());
        (ConsentKind, int?, bool)[] expected = [(ConsentKind.PrivacyPolicy, version, true), (ConsentKind.Marketing, null, true)];
        Assert.Equal(expected, history.OrderBy(c => c.Kind).Select(c => (c.Kind, c.PolicyVersion, c.Granted)));
    }

    [Fact]
    public async Task A_new_version_is_asked_for_at_the_next_sign_in_and_only_the_version_shown_can_be_accepted()
    {
        await PublishAsync("demo", "第一版");
        var shopper = await app.RegisterAsync("demo");
        var newer = await PublishAsync("demo", "第二版：新增了物流合作方。");

        var client = app.ClientFor("demo");
        var signIn = await JsonAsync(await client.PostAsJsonAsync("/api/v1/account/login", new { email = shopper.Email, password = shopper.Password }));
        Assert.Equal(newer, signIn.GetProperty("privacyPolicyToAccept").GetInt32());
        Assert.True((await ConsentAsync(client)).GetProperty("mustAccept").GetBoolean());

        Assert.NotEmpty(Errors(await ProblemAsync(await client.PostAsJsonAsync("/api/v1/account/privacy-policy/accept", new { version = newer - 1 })),
            "version"));
        var accepted = await JsonAsync(await client.PostAsJsonAsync("/api/v1/account/privacy-policy/accept", new { version = newer }));
        Assert.Equal((newer, false), (accepted.GetProperty("acceptedVersion").GetInt32(), accepted.GetProperty("mustAccept").GetBoolean()));

        var again = await JsonAsync(
            await app.ClientFor("demo").PostAsJsonAsync("/api/v1/account/login", new { email = shopper.Email, password = shopper.Password }));
        Assert.Equal(JsonValueKind.Null, again.GetProperty("privacyPolicyToAccept").ValueKind);
    }

    [Fact]
    public async Task The_login_page_sends_a_shopper_with_an_old_version_to_accept_the_new_one()
    {
        await PublishAsync("demo", "第一版");
        var shopper = await app.RegisterAsync("demo");
        await PublishAsync("demo", "第二版");

        var browser = app.ClientFor("demo", requestedWith: false);
        var posted = await browser.SubmitAsync("/account/login?returnUrl=%2Forders", "form",
            new Dictionary<string, string> { ["Input.Email"] = shopper.Email, ["Input.Password"] = shopper.Password });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.EndsWith("/account/privacy-policy?returnUrl=%2Forders", posted.Headers.Location!.OriginalString);

        // The page shows the new version; accepting it goes on to where the shopper was going.
        var accepted = await browser.SubmitAsync("/account/privacy-policy", "form.accept-policy", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.False((await ConsentAsync(browser)).GetProperty("mustAccept").GetBoolean());
    }

    [Fact]
    public async Task Marketing_is_a_separate_opt_in_the_shopper_can_withdraw()
    {
        var shopper = await app.RegisterAsync("demo");
        app.Clock.Advance(TimeSpan.FromMinutes(1));   // the withdrawal comes after the opt-in in the history
        Assert.False((await JsonAsync(await shopper.Client.PostAsJsonAsync("/api/v1/account/marketing", new { optIn = false }))).GetBoolean());
        Assert.False((await ConsentAsync(shopper.Client)).GetProperty("marketingOptIn").GetBoolean());
        var marketing = await app.InStoreAsync("demo", db => db.ConsentRecords.Where(c => c.ShopperId == shopper.Id && c.Kind == ConsentKind.Marketing)
            .OrderBy(c => c.At).Select(c => c.Granted).ToListAsync());
        Assert.Equal([true, false], marketing);
    }

    [Fact]
    public async Task The_policy_page_is_public_and_each_stores_own()
    {
        var version = await PublishAsync("demo", "示例商店的隐私政策：**我们不出售您的信息**。");
        var demoPage = await app.ClientFor("demo").GetStringAsync("/privacy");
        Assert.Contains("<strong>我们不出售您的信息</strong>", demoPage);
        Assert.Contains($"第 {version} 版", demoPage);
        Assert.DoesNotContain("示例商店的隐私政策", await app.ClientFor("acme").GetStringAsync("/privacy"));
        var api = await JsonAsync(await app.ClientFor("demo").GetAsync("/api/v1/privacy-policy"));
        Assert.Equal(version, api.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Only_the_owner_publishes_and_an_empty_policy_is_refused()
    {
        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await merchant.PostAsJsonAsync("/api/v1/admin/privacy-policy", new { text = "x" })).StatusCode);

        var owner = app.ClientFor("demo");
        await owner.SignInStaffAsync("owner@demo.local");
        var empty = await ProblemAsync(await owner.PostAsJsonAsync("/api/v1/admin/privacy-policy", new { text = "  " }));
        Assert.Equal("urn:storefront:privacy.text", empty.GetProperty("type").GetString());
        var version = await PublishAsync("demo", "一版");
        Assert.True(await app.InStoreAsync("demo",
            db => db.AuditLog.AnyAsync(a => a.Action == "privacy.policy-published" && a.EntityId == version.ToString())));
    }

    [Fact]
    public async Task Sent_mail_past_its_retention_period_is_deleted_and_the_policy_page_states_the_period()
    {
        var now = app.Clock.GetUtcNow();
        var (old, recent, unsent) = await app.InStoreAsync("demo", async db =>
        {
            var tenant = db.TenantId!.Value;
            var old = OutboxMessage.Create(tenant, "order.paid", "old@example.com", "旧邮件", "正文", now.AddDays(-200));
            old.MarkSent(now.AddDays(-181));
            var recent = OutboxMessage.Create(tenant, "order.paid", "recent@example.com", "新邮件", "正文", now.AddDays(-200));
            recent.MarkSent(now.AddDays(-179));
            var unsent = OutboxMessage.Create(tenant, "order.paid", "unsent@example.com", "未发出", "正文", now.AddDays(-400));
            db.Outbox.AddRange(old, recent, unsent);
            await db.SaveChangesAsync();
            return (old.Id, recent.Id, unsent.Id);
        });

        Assert.True(await app.Services.GetRequiredService<RetentionJob>().RunOnceAsync() >= 1);

        var left = await app.InStoreAsync("demo", db => db.Outbox.Where(m => m.Id == old || m.Id == recent || m.Id == unsent).Select(m => m.Id).ToListAsync());
        HashSet<Guid> kept = [.. left];
        Assert.Equal(new HashSet<Guid> { recent, unsent }, kept);
        Assert.Contains("发送 180 天后删除", await app.ClientFor("demo").GetStringAsync("/privacy"));
    }

    [Fact]
    public async Task Coupon_claim_sources_past_their_period_are_cleared_the_claims_stay_and_the_policy_page_states_the_period()
    {
        var coupon = await app.CouponAsync("demo", "留存-" + Guid.NewGuid().ToString("N")[..6], 100, 1);
        var (old, _) = await app.NewShopperAsync("demo");
        var (recent, _) = await app.NewShopperAsync("demo");
        Assert.Equal(HttpStatusCode.OK, (await old.From("198.51.100.7").PostAsync($"/api/v1/coupons/{coupon}/claim", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await recent.From("198.51.100.8").PostAsync($"/api/v1/coupons/{coupon}/claim", null)).StatusCode);
        await app.ExecuteAsync("demo", $"""
            update shopper_coupons set claimed_at = claimed_at - interval '91 days' where coupon_id = '{coupon}' and claim_ip = '198.51.100.7'
            """);

        await app.Services.GetRequiredService<RetentionJob>().RunOnceAsync();

        Assert.Equal(2, await app.CountAsync("demo", $"from shopper_coupons where coupon_id = '{coupon}'"));
        Assert.Equal(0, await app.CountAsync("demo", $"from shopper_coupons where coupon_id = '{coupon}' and claim_ip = '198.51.100.7'"));
        Assert.Equal(1, await app.CountAsync("demo", $"from shopper_coupons where coupon_id = '{coupon}' and claim_ip = '198.51.100.8'"));
        Assert.Contains("在领取 90 天后清除", await app.ClientFor("demo").GetStringAsync("/privacy"));
    }
}
