using Storefront.Domain.Common;

namespace Storefront.Domain.Tenancy;

/// <summary>
/// An owner's invitation of an e-mail address to a role in their store (issue 15, item 9). Nothing is granted until
/// the person who holds the link accepts it, as the account of that e-mail: so inviting an e-mail neither attaches an
/// existing account nor tells whether one exists. The link's token is kept only as its SHA-256; it works once, for
/// <see cref="Lifetime"/>.
/// </summary>
public sealed class StaffInvitation : ITenantOwned
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private StaffInvitation()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public string Email { get; private set; } = "";

    /// <summary>The e-mail as Identity normalises user names (upper case): the account that may accept.</summary>
    public string NormalizedEmail { get; private set; } = "";

    public StoreRole Role { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the link's token.</summary>
    public string TokenHash { get; private set; } = "";

    public Guid? InvitedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? AcceptedAt { get; private set; }

    public Guid? AcceptedBy { get; private set; }

    public static StaffInvitation Create(
        Guid tenantId, string email, string normalizedEmail, StoreRole role, string tokenHash, Guid? invitedBy, DateTimeOffset now) => new()
        {
            TenantId = tenantId,
            Id = Guid.CreateVersion7(now),
            Email = email.Trim(),
            NormalizedEmail = normalizedEmail,
            Role = role,
            TokenHash = tokenHash,
            InvitedBy = invitedBy,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };

    /// <summary>Why it cannot be accepted now (null: it can), by the account with this normalised e-mail (null: no account yet).</summary>
    public InvitationRefusal? Refusal(DateTimeOffset now, string? accountNormalizedEmail = null) =>
        AcceptedAt is not null ? InvitationRefusal.Used
        : now >= ExpiresAt ? InvitationRefusal.Expired
        : accountNormalizedEmail is not null && accountNormalizedEmail != NormalizedEmail ? InvitationRefusal.WrongAccount
        : null;

    /// <summary>Accepted by the account of the invited e-mail: the caller grants <see cref="Role"/>.</summary>
    public void Accept(Guid accountId, string accountNormalizedEmail, DateTimeOffset now)
    {
        if (Refusal(now, accountNormalizedEmail) is { } refusal)
        {
            throw new DomainException("invitation." + refusal.ToString().ToLowerInvariant(), refusal.ToString(), isConflict: true);
        }

        AcceptedAt = now;
        AcceptedBy = accountId;
    }
}

public enum InvitationRefusal
{
    Expired,
    Used,
    WrongAccount,
}
