using Storefront.Domain.Notifications;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Notifications;

/// <summary>
/// Delivers one outbox message of a store (the outbox job sends them). Throws when it could not; the
/// outbox then tries again later with backoff. Sending the same message twice must not hurt (a crash after sending but
/// before the outbox row is marked sent sends it again): the default sender overwrites the same file.
/// </summary>
public interface INotificationSender
{
    Task SendAsync(StoreInfo store, OutboxMessage message, CancellationToken ct);
}

/// <summary>Storefront:Mail settings.</summary>
public sealed class MailOptions
{
    /// <summary>Where the default sender writes .eml files; relative paths are under the content root. Default ./.data/mail (git-ignored).</summary>
    public string PickupDirectory { get; set; } = Path.Combine(".data", "mail");

    /// <summary>The sender's address; {store} is replaced by the store's slug.</summary>
    public string From { get; set; } = "noreply@{store}.storefront.local";
}
