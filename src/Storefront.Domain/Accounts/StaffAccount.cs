namespace Storefront.Domain.Accounts;

/// <summary>A staff account of the platform: it holds roles in any number of stores, and may be a platform admin.</summary>
public sealed class StaffAccount : Account
{
    public bool IsPlatformAdmin { get; set; }

    public static StaffAccount Create(string email, string displayName, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Email = email.Trim(),
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? email.Trim().Split('@')[0] : displayName.Trim(),
        CreatedAt = now,
    };
}
