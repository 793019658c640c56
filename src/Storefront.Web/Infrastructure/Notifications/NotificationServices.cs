namespace Storefront.Web.Infrastructure.Notifications;

public static class NotificationServices
{
    /// <summary>Outbox delivery: .eml files in Storefront:Mail:PickupDirectory.</summary>
    public static IHostApplicationBuilder AddStorefrontNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<MailOptions>(builder.Configuration.GetSection("Storefront:Mail"));
        builder.Services.AddSingleton<INotificationSender, PickupDirectorySender>();
        return builder;
    }
}
