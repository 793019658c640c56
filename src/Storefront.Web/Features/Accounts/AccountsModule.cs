namespace Storefront.Web.Features.Accounts;

/// <summary>Shopper and staff sign-in, registration, password change; the language switch. (Identity itself: Infrastructure/Identity.)</summary>
public static class AccountsModule
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        RegisterShopper.Map(api);
        SignInShopper.Map(api);
        SignInStaff.Map(api);
        SignOut.Map(api);
        ChangePassword.Map(api);
        WhoAmI.Map(api);
        ShopperSummary.Map(api);
        SignOut.MapForms(app);
        SwitchLanguage.MapForm(app);
        return app;
    }
}
