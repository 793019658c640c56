using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Storefront.Domain.Notifications;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Notifications;

/// <summary>
/// The default sender: each message becomes an RFC 5322 .eml file in a pickup folder (Storefront:Mail:PickupDirectory),
/// as a mail server's pickup directory takes them. Non-ASCII header text (the subject, the store's name) is written as
/// RFC 2047 encoded words in UTF-8; the body is UTF-8 plain text in base64. The file is named after the message id and
/// written to a temporary name first, then moved into place, so a reader never sees half a file and a resend overwrites.
/// </summary>
public sealed class PickupDirectorySender(IOptions<MailOptions> options, IHostEnvironment environment, TimeProvider clock) : INotificationSender
{
    public string Folder { get; } = Path.GetFullPath(options.Value.PickupDirectory, environment.ContentRootPath);

    public async Task SendAsync(StoreInfo store, OutboxMessage message, CancellationToken ct)
    {
        var to = SingleLine(message.To);
        if (to.Length == 0 || !to.Contains('@', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Not an e-mail address: '{to}'.");
        }

        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, message.Id.ToString("N") + ".eml");
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, Format(store, message, options.Value.From, clock.GetUtcNow()), new UTF8Encoding(false), ct);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The whole message, CRLF line ends, as RFC 5322 wants.</summary>
    public static string Format(StoreInfo store, OutboxMessage message, string fromTemplate, DateTimeOffset now)
    {
        var from = fromTemplate.Replace("{store}", store.Slug, StringComparison.Ordinal);
        var text = new StringBuilder();
        void Header(string name, string value) => text.Append(name).Append(": ").Append(value).Append("\r\n");
        Header("From", $"{EncodeWords(store.Name)} <{from}>");
        Header("To", SingleLine(message.To));
        Header("Subject", EncodeWords(SingleLine(message.Subject)));
        Header("Date",
            now.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture)
            + now.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal));
        Header("Message-ID", $"<{message.Id:N}@{store.Slug}.storefront.local>");
        Header("MIME-Version", "1.0");
        Header("Content-Type", "text/plain; charset=utf-8");
        Header("Content-Transfer-Encoding", "base64");
        Header("X-Storefront-Kind", SingleLine(message.Kind));
        text.Append("\r\n");
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes(message.Body.ReplaceLineEndings("\r\n")));
        for (var i = 0; i < body.Length; i += 76)
        {
            text.Append(body.AsSpan(i, Math.Min(76, body.Length - i))).Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// RFC 2047: plain ASCII stays as it is; anything else becomes =?utf-8?B?…?= words of at most 75 characters, split
    /// between whole characters and folded onto continuation lines.
    /// </summary>
    public static string EncodeWords(string value)
    {
        if (value.All(c => c is >= ' ' and <= '~') && !value.Contains("=?", StringComparison.Ordinal))
        {
            return value;
        }

        var words = new List<string>();
        var chunk = new StringBuilder();
        var enumerator = StringInfo.GetTextElementEnumerator(value);
        while (enumerator.MoveNext())
        {
            var element = enumerator.GetTextElement();
            if (chunk.Length > 0
                && Encoding.UTF8.GetByteCount(chunk.ToString() + element) > 36)   // 36 bytes → 48 base64 chars + 12 of wrapping: a folded line stays under 78
            {
                words.Add(Word(chunk.ToString()));
                chunk.Clear();
            }

            chunk.Append(element);
        }

        if (chunk.Length > 0)
        {
            words.Add(Word(chunk.ToString()));
        }

        return string.Join("\r\n ", words);

        static string Word(string part) => "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(part)) + "?=";
    }

    /// <summary>No header injection: line breaks in a header value become spaces.</summary>
    private static string SingleLine(string value) => string.Join(' ', (value ?? "").Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
