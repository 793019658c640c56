using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Storefront.Domain.Tenancy;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Staff;

/// <summary>
/// The owner's staff screen through its API: the list, changing a role and removing, each ending the person's sessions;
/// a store never loses its last owner, not even to two owners demoting each other at the same moment.
/// </summary>
public sealed class StaffManagementTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task The_owner_lists_the_staff_with_their_roles_and_open_invitations_and_no_one_else_may()
    {
        var owner = app.ClientFor("demo");
        await owner.SignInStaffAsync("owner@demo.local");
        Assert.Equal(HttpStatusCode.Accepted, (await owner.PostAsJsonAsync("/api/v1/admin/staff", new { email = "list-me@example.com", role = "Operator" }))
            .StatusCode);

        var list = await owner.GetFromJsonAsync<JsonElement>("/api/v1/admin/staff");
        var staff = list.GetProperty("staff").EnumerateArray().ToDictionary(s => s.GetProperty("email").GetString()!, s => s.GetProperty("roles").ToString());
        Assert.Contains("Owner", staff["owner@demo.local"]);
        Assert.Contains("Merchant", staff["merchant@demo.local"]);
        Assert.Contains("Operator", staff["operator@demo.local"]);
        Assert.DoesNotContain("owner@acme.local", staff.Keys);
        Assert.Contains(list.GetProperty("invitations").EnumerateArray(), i => i.GetProperty("email").GetString() == "list-me@example.com");

        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await merchant.GetAsync("/api/v1/admin/staff")).StatusCode);
        Assert.True(await merchant.IsDeniedAsync("/admin/staff"));
    }

    [Fact]
    public async Task Changing_a_role_ends_the_persons_sessions_and_they_sign_in_with_the_new_role_only()
    {
        var staffId = (await app.GrantStaffAsync("demo", "role-change@example.com", StoreRole.Merchant)).StaffId;
        var person = app.ClientFor("demo");
        await person.SignInStaffAsync("role-change@example.com");
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/api/v1/admin/catalog/products")).StatusCode);

        var owner = app.ClientFor("demo");
        await owner.SignInStaffAsync("owner@demo.local");
        var changed = await owner.PutAsJsonAsync($"/api/v1/admin/staff/{staffId}/role", new { role = "CustomerService" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await person.GetAsync("/api/v1/admin/me")).StatusCode);   // the old session is over
        await person.SignInStaffAsync("role-change@example.com");
        var roles = (await person.GetFromJsonAsync<JsonElement>("/api/v1/admin/me")).GetProperty("roles").ToString();
        Assert.Contains("CustomerService", roles);
        Assert.DoesNotContain("Merchant", roles);
        Assert.Equal(HttpStatusCode.Forbidden, (await person.GetAsync("/api/v1/admin/catalog/products")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/api/v1/admin/after-sales")).StatusCode);

        var audit = $"from audit_log where entity_id = '{staffId}' and ";
        Assert.Equal(1, await app.CountAsync("demo", audit + "action = 'staff.role-granted' and details like '%CustomerService%'"));
        Assert.Equal(1, await app.CountAsync("demo", audit + "action = 'staff.role-revoked' and details like '%Merchant%'"));

        // The same role again changes nothing; a role that is not one is a 400; someone not on the staff is a 404.
        var again = await owner.PutAsJsonAsync($"/api/v1/admin/staff/{staffId}/role", new { role = "CustomerService" });
        Assert.False(await again.Content.ReadFromJsonAsync<bool>());
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PutAsJsonAsync($"/api/v1/admin/staff/{staffId}/role", new { role = "Boss" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PutAsJsonAsync($"/api/v1/admin/staff/{Guid.NewGuid()}/role", new { role = "Merchant" })).StatusCode);
    }

    [Fact]
    public async Task A_removed_staff_member_loses_access_at_once_and_cannot_sign_in_here_again()
    {
        var staffId = (await app.GrantStaffAsync("demo", "leaving@example.com", StoreRole.Operator)).StaffId;
        var person = app.ClientFor("demo");
        await person.SignInStaffAsync("leaving@example.com");
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/api/v1/admin/me")).StatusCode);

        var owner = app.ClientFor("demo");
        await owner.SignInStaffAsync("owner@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await owner.DeleteAsync($"/api/v1/admin/staff/{staffId}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await person.GetAsync("/api/v1/admin/me")).StatusCode);
        var signIn = new { email = "leaving@example.com", password = "storefront-demo" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientFor("demo").PostAsJsonAsync("/api/v1/admin/login", signIn)).StatusCode);
        Assert.Equal(0, await app.CountAsync("demo", $"from staff_roles where staff_id = '{staffId}'"));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.DeleteAsync($"/api/v1/admin/staff/{staffId}")).StatusCode);

        // An operator may not remove anyone.
        var @operator = app.ClientFor("demo");
        await @operator.SignInStaffAsync("operator@demo.local");
        var merchantId = await StaffIdAsync(owner, "merchant@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await @operator.DeleteAsync($"/api/v1/admin/staff/{merchantId}")).StatusCode);
    }

    [Fact]
    public async Task The_owner_cannot_remove_or_demote_themselves_and_two_owners_demoting_each_other_leave_one_owner()
    {
        // acme, so that whichever owner loses, the other tests (at demo) keep theirs.
        var secondId = (await app.GrantStaffAsync("acme", "second-owner@example.com", StoreRole.Owner)).StaffId;
        var first = app.ClientFor("acme");
        await first.SignInStaffAsync("owner@acme.local");
        var firstId = await StaffIdAsync(first, "owner@acme.local");

        var self = await ApiAssert.ProblemAsync(await first.DeleteAsync($"/api/v1/admin/staff/{firstId}"), HttpStatusCode.Conflict);
        Assert.Equal("urn:storefront:staff.own-owner-role", self.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await first.PutAsJsonAsync($"/api/v1/admin/staff/{firstId}/role", new { role = "Merchant" })).StatusCode);

        var second = app.ClientFor("acme");
        await second.SignInStaffAsync("second-owner@example.com");
        var answers = await Task.WhenAll(
            first.PutAsJsonAsync($"/api/v1/admin/staff/{secondId}/role", new { role = "Merchant" }),
            second.PutAsJsonAsync($"/api/v1/admin/staff/{firstId}/role", new { role = "Merchant" }));

        // One wins; the other finds the store with its last owner (409) or its own session already ended (401).
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Single(answers, a => a.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Unauthorized);
        // Of the two, one is still owner (other test classes may add owners to acme meanwhile).
        Assert.Equal(1, await app.CountAsync("acme", $"from staff_roles where role = 'Owner' and staff_id in ('{firstId}', '{secondId}')"));
    }

    private static async Task<Guid> StaffIdAsync(HttpClient owner, string email) =>
        (await owner.GetFromJsonAsync<JsonElement>("/api/v1/admin/staff")).GetProperty("staff").EnumerateArray()
            .Single(s => s.GetProperty("email").GetString() == email).GetProperty("staffId").GetGuid();
}
