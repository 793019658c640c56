using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Storefront.Web.BrowserTests.Infrastructure;
using Storefront.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Web.BrowserTests.Staff;

/// <summary>
/// The owner's staff screen at desktop size: inviting an e-mail, the invitee accepting from the e-mailed link and working
/// in that role, then the owner changing the role and removing them, each taking effect on the invitee's next request.
/// </summary>
public sealed class StaffJourneyTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    private const string Password = "New-staff-pass-1";

    private static readonly Regex SignInPage = new("/admin/login");

    [Fact]
    public async Task The_owner_invites_changes_the_role_of_and_removes_a_staff_member_who_loses_access_on_the_next_request()
    {
        var email = $"new-staff-{Guid.NewGuid().ToString("N")[..6]}@example.com";
        await using var ownerContext = await App.Browser.NewContextAsync(Devices.Desktop);
        ownerContext.SetDefaultTimeout(PatientMs);
        var owner = await ownerContext.NewPageAsync();
        await InBrowserAsync(Devices.Desktop, async invitee =>
        {
            await SignInStaffAsync(owner, "demo", "owner@demo.local");
            await owner.GetByTestId("admin-menu").Locator("a[data-nav='/admin/staff']").ClickAsync();
            await Expect(owner.Locator("[data-testid=invite-form][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Expect(Row(owner, "owner@demo.local")).ToContainTextAsync("店主");
            await Expect(Row(owner, "owner@demo.local").GetByTestId("staff-remove")).ToHaveCountAsync(0);   // not oneself

            await owner.GetByTestId("invite-email").FillAsync(email);
            await owner.GetByTestId("invite-role").ClickAsync();
            await owner.Locator(".rz-dropdown-item:visible", new() { HasText = "商家" }).ClickAsync();
            await owner.GetByTestId("invite-submit").ClickAsync();
            await Expect(owner.GetByTestId("staff-message")).ToContainTextAsync(email);
            await Expect(owner.GetByTestId("staff-invitations")).ToContainTextAsync(email);

            // The invitee opens the link of the e-mail, sets a password and is in, as a merchant.
            var token = await App.InvitationTokenAsync(email);
            await invitee.GotoAsync(App.Url("demo", $"/admin/invitations/{token}"));
            await Expect(invitee.GetByTestId("invitation-role")).ToHaveTextAsync("商家");
            await invitee.GetByTestId("password").FillAsync(Password);
            await invitee.GetByTestId("display-name").FillAsync("新同事");
            await invitee.GetByTestId("submit").ClickAsync();
            await Expect(invitee.GetByTestId("staff-name")).ToBeVisibleAsync();
            await Expect(invitee.Locator("[data-testid=admin-menu] a[data-nav='/admin/products']")).ToBeVisibleAsync();

            // The owner makes them customer service: their next page asks them to sign in, and then they are that.
            await owner.ReloadAsync();
            await Expect(owner.Locator("[data-testid=invite-form][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            var row = Row(owner, email);
            await Expect(row.GetByTestId("staff-roles")).ToHaveTextAsync("商家");
            await Expect(owner.GetByTestId("staff-invitations")).Not.ToContainTextAsync(email);
            await row.GetByTestId("staff-role-choice").ClickAsync();
            await owner.Locator(".rz-dropdown-item:visible", new() { HasText = "客服" }).ClickAsync();
            await row.GetByTestId("staff-change-role").ClickAsync();
            await Expect(owner.GetByTestId("staff-message")).ToContainTextAsync("客服");
            await Expect(row.GetByTestId("staff-roles")).ToHaveTextAsync("客服");

            await invitee.GotoAsync(App.Url("demo", "/admin/products"));
            await SignInOnThisPageAsync(invitee, email);
            await Expect(invitee.GetByTestId("staff-name")).ToBeVisibleAsync();
            await invitee.GotoAsync(App.Url("demo", "/admin"));
            await Expect(invitee.Locator("[data-testid=admin-menu] a[data-nav='/admin/aftersales']")).ToBeVisibleAsync();
            await Expect(invitee.Locator("[data-testid=admin-menu] a[data-nav='/admin/products']")).ToHaveCountAsync(0);

            // Removed: the next request ends at the sign-in page, and signing in is refused.
            await row.GetByTestId("staff-remove").ClickAsync();
            await row.GetByTestId("staff-confirm-remove").ClickAsync();
            await Expect(owner.GetByTestId("staff-message")).ToContainTextAsync(email);
            await Expect(Row(owner, email)).ToHaveCountAsync(0);

            await invitee.GotoAsync(App.Url("demo", "/admin/aftersales"));
            await SignInOnThisPageAsync(invitee, email);
            await Expect(invitee.GetByTestId("login-error")).ToBeVisibleAsync();
        });
    }

    /// <summary>The page the next request ended at is the sign-in page; the invitee signs in there with their password.</summary>
    private static async Task SignInOnThisPageAsync(IPage page, string email)
    {
        await Expect(page).ToHaveURLAsync(SignInPage);
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("password").FillAsync(Password);
        await page.GetByTestId("submit").ClickAsync();
    }

    private static ILocator Row(IPage page, string email) => page.Locator($"[data-testid=staff-row][data-email='{email}']");
}
