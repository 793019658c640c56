using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Staff;

/// <summary>
/// Staff are invited, not attached: an owner's invitation grants nothing and tells nothing about the e-mail; the role
/// applies when the account of that e-mail accepts the e-mailed link, once, within 7 days.
/// </summary>
public sealed partial class StaffInvitationTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task Inviting_the_platform_admin_or_another_stores_owner_attaches_nothing_and_answers_like_an_unknown_email()
    {
        var owner = app.ClientFor("demo");
        await owner.SignInStaffAsync("owner@demo.local");

        var admin = await owner.PostAsJsonAsync("/api/v1/admin/staff", new { email = "admin@storefront.local", role = "Owner" });
        var otherOwner = await owner.PostAsJsonAsync("/api/v1/admin/staff", new { email = "owner@acme.local", role = "Owner" });
        var nobody = await owner.PostAsJsonAsync("/api/v1/admin/staff", new { email = "nobody-at-all@example.com", role = "Owner" });

        Assert.Equal(HttpStatusCode.Accepted, nobody.StatusCode);
        Assert.Equal(nobody.StatusCode, admin.StatusCode);
        Assert.Equal(nobody.StatusCode, otherOwner.StatusCode);
        var shape = Shape(await nobody.Content.ReadAsStringAsync(), "nobody-at-all@example.com");
        Assert.Equal(shape, Shape(await admin.Content.ReadAsStringAsync(), "admin@storefront.local"));
        Assert.Equal(shape, Shape(await otherOwner.Content.ReadAsStringAsync(), "owner@acme.local"));

        // Nothing was attached: neither account holds a role at demo nor can sign in to its admin area.
        Assert.Equal(0L, await ScalarAsync<long>(
            "select count(*) from staff_roles r join staff_accounts a on a.id = r.staff_id join stores s on s.id = r.tenant_id where s.slug = 'demo' and "
                + "a.email in ('admin@storefront.local', 'owner@acme.local')"));
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.ClientFor("demo").PostAsJsonAsync("/api/v1/admin/login", new { email = "owner@acme.local", password = "storefront-demo" })).StatusCode);

        // Each got an e-mail with a link instead, and the invitations are audited.
        Assert.NotNull(await InvitationLinkAsync("owner@acme.local"));
        Assert.True(await ScalarAsync<long>("select count(*) from audit_log where action = 'staff.invited'") >= 3);
    }

    [Fact]
    public async Task A_new_person_accepts_through_the_page_creating_an_account_and_gets_the_role_once()
    {
        var token = await InviteAsync("demo", "new-merchant@example.com", "Merchant");
        var invitee = app.ClientFor("demo");
        var page = await invitee.GetPageAsync($"/admin/invitations/{token}");
        Assert.Equal("new-merchant@example.com", page.QuerySelector("[data-testid=invitation-email]")?.TextContent);

        var weak = await invitee.SubmitAsync($"/admin/invitations/{token}", "form", new Dictionary<string, string> { ["Input.Password"] = "12345678" });
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);   // shown again with the password's error; nothing granted
        Assert.Equal(HttpStatusCode.Unauthorized, (await invitee.GetAsync("/api/v1/admin/me")).StatusCode);

        var accepted = await invitee.SubmitAsync($"/admin/invitations/{token}", "form",
            new Dictionary<string, string> { ["Input.Password"] = "merchant-password-1", ["Input.DisplayName"] = "新商家" });
        Assert.True(accepted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther, $"got {(int)accepted.StatusCode}");
        var me = await invitee.GetFromJsonAsync<JsonElement>("/api/v1/admin/me");
        Assert.Contains("Merchant", me.GetProperty("roles").ToString());
        Assert.Equal(HttpStatusCode.OK, (await invitee.GetAsync("/api/v1/admin/catalog/products")).StatusCode);

        // The link works once.
        var again = await app.ClientFor("demo").PostAsJsonAsync($"/api/v1/admin/invitations/{token}/accept", new { password = "merchant-password-1" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.True(await ScalarAsync<long>("select count(*) from audit_log where action = 'staff.role-granted' and details like "
            + "'%new-merchant@example.com%'") == 1);
    }

    [Fact]
    public async Task An_existing_account_accepts_with_its_own_password_and_another_account_is_refused()
    {
        var token = await InviteAsync("demo", "owner@acme.local", "Operator");

        // Signed in at demo as someone else: refused, and nothing granted.
        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        Assert.Equal(HttpStatusCode.Conflict,
            (await merchant.PostAsJsonAsync($"/api/v1/admin/invitations/{token}/accept", new { password = "storefront-demo" })).StatusCode);
        // Not signed in, but without the account's password: refused.
        var stranger = app.ClientFor("demo");
        Assert.Equal(HttpStatusCode.BadRequest,
            (await stranger.PostAsJsonAsync($"/api/v1/admin/invitations/{token}/accept", new { password = "not-the-password" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.ClientFor("demo").PostAsJsonAsync("/api/v1/admin/login", new { email = "owner@acme.local", password = "storefront-demo" })).StatusCode);

        var invitee = app.ClientFor("demo");
        Assert.Equal(HttpStatusCode.OK,
            (await invitee.PostAsJsonAsync($"/api/v1/admin/invitations/{token}/accept", new { password = "storefront-demo" })).StatusCode);
        var me = await invitee.GetFromJsonAsync<JsonElement>("/api/v1/admin/me");
        Assert.Contains("Operator", me.GetProperty("roles").ToString());
        Assert.DoesNotContain("Owner", me.GetProperty("roles").ToString());
    }

    [Fact]
    public async Task An_invitation_older_than_seven_days_is_refused()
    {
        var token = await InviteAsync("acme", "late-comer@example.com", "CustomerService");
        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        var late = await app.ClientFor("acme").PostAsJsonAsync($"/api/v1/admin/invitations/{token}/accept", new { password = "late-password-1" });

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(0L, await ScalarAsync<long>("select count(*) from staff_accounts where email = 'late-comer@example.com'"));
        Assert.Equal(HttpStatusCode.NotFound,
            (await app.ClientFor("acme").PostAsJsonAsync("/api/v1/admin/invitations/not-a-token/accept", new { password = "late-password-1" })).StatusCode);
    }

    private async Task<string> InviteAsync(string store, string email, string role)
    {
        var owner = app.ClientFor(store);
        await owner.SignInStaffAsync($"owner@{store}.local");
        Assert.Equal(HttpStatusCode.Accepted, (await owner.PostAsJsonAsync("/api/v1/admin/staff", new { email, role })).StatusCode);
        var link = await InvitationLinkAsync(email) ?? throw new InvalidOperationException($"no invitation e-mail to {email}");
        return link[(link.LastIndexOf('/') + 1)..];
    }

    /// <summary>The link in the latest invitation e-mail to the address (from the outbox, as the owner's store wrote it).</summary>
    private async Task<string?> InvitationLinkAsync(string email)
    {
        var body = await ScalarAsync<string?>($"select body from outbox_messages where kind = 'staff.invited' and \"to\" = '{email}' order by created_at "
            + "desc, id desc limit 1");
        return body is null ? null : LinkPattern().Match(body) is { Success: true } m ? m.Value : null;
    }

    private static string Shape(string json, string email) => json.Replace(email, "{email}", StringComparison.Ordinal);

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(app.Database.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        var value = await cmd.ExecuteScalarAsync();
        return value is null or DBNull ? default! : (T)value;
    }

    [GeneratedRegex(@"https?://\S+/admin/invitations/[A-Za-z0-9_-]+")]
    private static partial Regex LinkPattern();
}
