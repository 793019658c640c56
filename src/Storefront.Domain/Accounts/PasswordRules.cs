using System.Collections.Frozen;

namespace Storefront.Domain.Accounts;

/// <summary>
/// What a shopper's or staff member's password must be: at least <see cref="MinimumLength"/> characters not counting
/// blanks at either end, and none of the most common passwords (a bundled list, compared without case and blanks at
/// the ends). No rules on character classes: length and a deny list are what stop guessing (NIST SP 800-63B).
/// </summary>
public static class PasswordRules
{
    public const int MinimumLength = 10;

    public const int MaximumLength = 100;

    private static readonly Lazy<FrozenSet<string>> Common = new(Load);

    public static bool IsTooShort(string? password) => (password ?? "").Trim().Length < MinimumLength;

    public static bool IsCommon(string? password) => Common.Value.Contains((password ?? "").Trim());

    /// <summary>Accounts/common-passwords.txt: its source and licence are in its first lines.</summary>
    private static FrozenSet<string> Load()
    {
        using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("common-passwords.txt is not embedded");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                words.Add(line);
            }
        }

        return words.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
