using Storefront.Domain.Common;

namespace Storefront.Domain.Privacy;

/// <summary>What a shopper consented to: the privacy policy (a version) or marketing e-mails.</summary>
public enum ConsentKind
{
    PrivacyPolicy,
    Marketing,
}

/// <summary>
/// One consent given or withdrawn, kept as history (PIPL asks the store to show when and to what a person agreed). It
/// holds no personal field, so it stays when the account is erased.
/// </summary>
public sealed class ConsentRecord : ITenantOwned
{
    private ConsentRecord()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public Guid ShopperId { get; private set; }

    public ConsentKind Kind { get; private set; }

    /// <summary>The policy version accepted; null for marketing.</summary>
    public int? PolicyVersion { get; private set; }

    public bool Granted { get; private set; }

    public DateTimeOffset At { get; private set; }

    public static ConsentRecord PolicyAccepted(Guid tenantId, Guid shopperId, int version, DateTimeOffset now) => new()
    {
        TenantId = tenantId,
        Id = Guid.CreateVersion7(now),
        ShopperId = shopperId,
        Kind = ConsentKind.PrivacyPolicy,
        PolicyVersion = version,
        Granted = true,
        At = now,
    };

    public static ConsentRecord Marketing(Guid tenantId, Guid shopperId, bool granted, DateTimeOffset now) => new()
    {
        TenantId = tenantId,
        Id = Guid.CreateVersion7(now),
        ShopperId = shopperId,
        Kind = ConsentKind.Marketing,
        Granted = granted,
        At = now,
    };
}
