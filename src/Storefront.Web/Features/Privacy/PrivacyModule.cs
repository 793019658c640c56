namespace Storefront.Web.Features.Privacy;

/// <summary>
/// Personal information (issue 19): the store's versioned privacy policy and shoppers' consents, a copy of a shopper's
/// data, erasing an account, deleting what outlived its retention period. docs/decisions/0036-personal-information.md
/// </summary>
public static class PrivacyModule
{
    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RetentionJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionJob>());
        return builder;
    }

    public static IEndpointRouteBuilder MapPrivacy(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        GetPrivacyPolicy.Map(api);
        PublishPrivacyPolicy.Map(api);
        MyConsent.Map(api);
        AcceptPrivacyPolicy.Map(api);
        ChooseMarketing.Map(app, api);
        ExportMyData.Map(api);
        DeleteMyAccount.Map(api);
        RevealOrderAddress.Map(api);
        return app;
    }
}
