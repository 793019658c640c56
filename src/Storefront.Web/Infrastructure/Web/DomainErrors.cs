using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text;
using System.Text.RegularExpressions;
using Storefront.Domain.Common;

namespace Storefront.Web.Infrastructure.Web;

/// <summary>
/// A domain rule's refusal in the user's language. Storefront.Domain refuses with a code and a Chinese message
/// (DomainException); DomainErrors.resx holds each code's Chinese message as a pattern ({0} where the domain puts a
/// value) and DomainErrors.en.resx the same in English. A code with several messages has entries code, code#2, …: the
/// one whose pattern matches the message is taken, with its values. In Chinese, or with no entry that matches, the
/// exception's own message is shown. docs/decisions/0010-domain-error-messages.md
/// </summary>
public static partial class DomainErrors
{
    internal static readonly ResourceManager Resources = new("Storefront.Web.Infrastructure.Web.DomainErrors", typeof(DomainErrors).Assembly);

    private static readonly Lazy<ILookup<string, Entry>> Entries = new(Load);

    public static string Message(DomainException e) => Message(e, CultureInfo.CurrentUICulture);

    public static string Message(DomainException e, CultureInfo culture) => Message(e.Code, e.Message, culture);

    /// <summary>
    /// The same for a message the domain gives as a value rather than a refusal (a pricing note, why a coupon does not
    /// apply), under the code its entries are filed as.
    /// </summary>
    public static string Message(string code, string message) => Message(code, message, CultureInfo.CurrentUICulture);

    private static string Message(string code, string message, CultureInfo culture)
    {
        if (culture.TwoLetterISOLanguageName == "zh")
        {
            return message;   // the domain's own language, values and all
        }

        var (entry, match) = Entries.Value[code]
            .Select(x => (Entry: x, Match: x.Pattern.Match(message)))
            .Where(x => x.Match.Success)
            .OrderByDescending(x => x.Entry.LiteralLength)   // the most specific pattern: 请填写拒绝原因（…） over {0}（…）
            .FirstOrDefault();
        if (entry is null || Resources.GetString(entry.Key, culture) is not { } text)
        {
            return message;
        }

        var values = Enumerable.Range(0, entry.Holes).Select(i => (object)match.Groups["p" + i.ToString(CultureInfo.InvariantCulture)].Value).ToArray();
        return string.Format(culture, text, values);
    }

    /// <summary>The Chinese entries as patterns, by code (the key up to its #).</summary>
    private static ILookup<string, Entry> Load() =>
        Resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>()
            .Select(e => Parse((string)e.Key, (string)e.Value!))
            .ToLookup(e => e.Key.Split('#')[0]);

    private static Entry Parse(string key, string pattern)
    {
        var regex = new StringBuilder("^");
        var (at, holes) = (0, 0);
        foreach (Match hole in Placeholder().Matches(pattern))
        {
            var n = int.Parse(hole.Groups[1].Value, CultureInfo.InvariantCulture);
            regex.Append(Regex.Escape(pattern[at..hole.Index])).Append("(?<p").Append(hole.Groups[1].Value).Append(">.*?)");
            (at, holes) = (hole.Index + hole.Length, Math.Max(holes, n + 1));
        }

        regex.Append(Regex.Escape(pattern[at..])).Append('$');
        var literal = Placeholder().Replace(pattern, "").Length;
        return new Entry(key, new Regex(regex.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant), holes, literal);
    }

    private sealed record Entry(string Key, Regex Pattern, int Holes, int LiteralLength);

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();
}
