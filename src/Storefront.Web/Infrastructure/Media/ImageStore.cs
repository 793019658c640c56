using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Storefront.Domain.Common;

namespace Storefront.Web.Infrastructure.Media;

/// <summary>
/// Uploaded images, named by content: sha256 of the bytes plus the extension of the sniffed type, so a name never
/// changes meaning and can be cached forever. Only JPEG, PNG, WebP and GIF (by their magic bytes, not by what the
/// client claims), at most <see cref="MaxBytes"/>. Kept by the configured <see cref="IMediaStore"/> (a folder or PostgreSQL).
/// </summary>
public sealed partial class ImageStore(IMediaStore store)
{
    public const long MaxBytes = 5 * 1024 * 1024;

    public const string Accept = "image/jpeg,image/png,image/webp,image/gif";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".jpg"] = "image/jpeg",
        [".png"] = "image/png",
        [".webp"] = "image/webp",
        [".gif"] = "image/gif",
    };

    /// <summary>True for a name this store could have given out (sha256 hex + a known extension): nothing else is ever served or saved as a
    /// reference.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    public static string ContentType(string name) => ContentTypes[Path.GetExtension(name)];

    public static string TooLargeMessage(long length) =>
        string.Format(System.Globalization.CultureInfo.CurrentCulture, SharedText.ImageTooLarge, MaxBytes / 1024 / 1024, length / 1024d / 1024d);

    /// <summary>A stored image, or null when the name is not one of ours or the image is not there.</summary>
    public Task<StoredImage?> FindAsync(string name, CancellationToken ct) =>
        IsValidName(name) ? store.FindAsync(name, ct) : Task.FromResult<StoredImage?>(null);

    /// <summary>True when the name is one of ours and the image is there (for the current store, with the database store).</summary>
    public async Task<bool> ExistsAsync(string name, CancellationToken ct) => IsValidName(name) && await store.ExistsAsync(name, ct);

    /// <summary>Reads at most <see cref="MaxBytes"/> from the stream, checks it is an image, and stores it; returns its name.</summary>
    public async Task<string> SaveAsync(Stream content, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new DomainException("media.too-large", TooLargeMessage(buffer.Length + read));
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var extension = Sniff(bytes.Span) ?? throw new DomainException("media.type", SharedText.ImageTypeNotSupported);
        var name = Convert.ToHexStringLower(SHA256.HashData(bytes.Span)) + extension;
        await store.SaveAsync(name, ContentType(name), bytes, ct);
        return name;
    }

    /// <summary>The extension for the image type the first bytes announce, or null when they announce none we take.</summary>
    internal static string? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        {
            return ".jpg";
        }

        if (b.Length >= 8 && b[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ".png";
        }

        if (b.Length >= 6 && (b[..6].SequenceEqual("GIF87a"u8) || b[..6].SequenceEqual("GIF89a"u8)))
        {
            return ".gif";
        }

        if (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8))
        {
            return ".webp";
        }

        return null;
    }

    [GeneratedRegex(@"^[0-9a-f]{64}\.(jpg|png|webp|gif)\z")]
    private static partial Regex NamePattern();
}
