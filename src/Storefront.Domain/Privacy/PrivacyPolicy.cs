using Storefront.Domain.Common;

namespace Storefront.Domain.Privacy;

/// <summary>
/// One version of a store's privacy policy (隐私政策). Versions are never edited: the Owner publishes a new one, numbered
/// one past the last, and shoppers who accepted an older version are asked again at their next sign-in.
/// </summary>
public sealed class PrivacyPolicy : ITenantOwned
{
    public const int TextMaxLength = 20_000;

    private PrivacyPolicy()
    {
    }

    public Guid TenantId { get; private set; }

    public int Version { get; private set; }

    /// <summary>Markdown (rendered without raw HTML).</summary>
    public string Text { get; private set; } = "";

    public DateTimeOffset PublishedAt { get; private set; }

    public Guid? PublishedBy { get; private set; }

    /// <summary>The version after <paramref name="latestVersion"/> (0: none yet), refused when the text is empty or too long.</summary>
    public static PrivacyPolicy Publish(Guid tenantId, int latestVersion, string text, Guid? by, DateTimeOffset now)
    {
        text = (text ?? "").Trim();
        if (text.Length is 0 or > TextMaxLength)
        {
            throw new DomainException("privacy.text", $"隐私政策内容不能为空，且不超过 {TextMaxLength} 个字符。");
        }

        return new PrivacyPolicy { TenantId = tenantId, Version = latestVersion + 1, Text = text, PublishedAt = now, PublishedBy = by };
    }

    /// <summary>
    /// Whether a shopper who accepted <paramref name="accepted"/> (null: never) must accept <paramref name="current"/>
    /// (null: the store has published none, so there is nothing to accept).
    /// </summary>
    public static bool MustAccept(int? current, int? accepted) => current is { } c && (accepted is not { } a || a < c);
}
