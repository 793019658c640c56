using Storefront.Domain.Common;

namespace Storefront.Domain.Notifications;

/// <summary>
/// A notification to send (order placed, paid, shipped …), written in the same transaction as the change it tells of
/// and sent later by the outbox job, so a crash loses none and sends none for a change that rolled back.
/// </summary>
public sealed class OutboxMessage : ITenantOwned
{
    private OutboxMessage()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    /// <summary>What it tells of, e.g. order.placed.</summary>
    public string Kind { get; private set; } = "";

    public string To { get; private set; } = "";

    public string Subject { get; private set; } = "";

    public string Body { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public string? LastError { get; private set; }

    public static OutboxMessage Create(Guid tenantId, string kind, string to, string subject, string body, DateTimeOffset now) => new()
    {
        TenantId = tenantId,
        Id = Guid.CreateVersion7(now),
        Kind = kind,
        To = to,
        Subject = subject,
        Body = body,
        CreatedAt = now,
        NextAttemptAt = now,
    };

    public void MarkSent(DateTimeOffset now)
    {
        SentAt = now;
        Attempts++;
        LastError = null;
    }

    /// <summary>Sending failed: try again later, backing off (1, 2, 4 … minutes, at most an hour).</summary>
    public void MarkFailed(string error, DateTimeOffset now)
    {
        Attempts++;
        LastError = error.Length > 500 ? error[..500] : error;
        NextAttemptAt = now + TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Min(Attempts - 1, 6))));
    }
}
