using Storefront.Domain.Common;
using Storefront.Domain.Privacy;

namespace Storefront.Domain.Accounts;

/// <summary>A shopper (顾客) belongs to one store: the same e-mail can register at two stores, separately.</summary>
public sealed class Shopper : Account, ITenantOwned
{
    public Guid TenantId { get; set; }

    public static Shopper Create(Guid tenantId, string email, string displayName, DateTimeOffset now) => new()
    {
        TenantId = tenantId,
        Id = Guid.CreateVersion7(now),
        Email = email.Trim(),
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? email.Trim().Split('@')[0] : displayName.Trim(),
        CreatedAt = now,
    };

    /// <summary>The privacy policy version last accepted (null: none yet) and when (issue 19).</summary>
    public int? PrivacyPolicyVersion { get; set; }

    public DateTimeOffset? PrivacyAcceptedAt { get; set; }

    /// <summary>Marketing e-mails only with this separate opt-in, which the shopper can withdraw.</summary>
    public bool MarketingOptIn { get; set; }

    /// <summary>When the account was erased at the shopper's request; it can never sign in again.</summary>
    public DateTimeOffset? ErasedAt { get; set; }

    public ConsentRecord AcceptPrivacyPolicy(int version, DateTimeOffset now)
    {
        PrivacyPolicyVersion = version;
        PrivacyAcceptedAt = now;
        return ConsentRecord.PolicyAccepted(TenantId, Id, version, now);
    }

    /// <summary>Records the choice; null when it is what the shopper had already chosen.</summary>
    public ConsentRecord? ChooseMarketing(bool optIn, DateTimeOffset now)
    {
        if (optIn == MarketingOptIn)
        {
            return null;
        }

        MarketingOptIn = optIn;
        return ConsentRecord.Marketing(TenantId, Id, optIn, now);
    }

    /// <summary>
    /// Replaces every personal field of the account for good: name and e-mail (so the e-mail can register afresh), no
    /// password (it can never sign in), locked out, a new security stamp (every cookie of it dies), no marketing.
    /// </summary>
    public void Erase(DateTimeOffset now)
    {
        Email = PersonalData.ErasedEmail(Id);
        NormalizedEmail = Email.ToUpperInvariant();
        DisplayName = PersonalData.ErasedName;
        PasswordHash = null;
        SecurityStamp = Guid.NewGuid().ToString("N");
        LockoutEnabled = true;
        LockoutEnd = DateTimeOffset.MaxValue;
        MarketingOptIn = false;
        ErasedAt = now;
    }
}
