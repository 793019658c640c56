using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Storefront.Domain.Common;

namespace Storefront.Web.Infrastructure.Media;

public sealed class MediaOptions
{
    /// <summary>Where uploaded images are kept; relative paths are under the content root. Default ./.data/media (git-ignored).</summary>
    public string MediaPath { get; set; } = Path.Combine(".data", "media");
}

/// <summary>
/// Uploaded images on disk, named by content: sha256 of the bytes plus the extension of the sniffed type, so a
/// name never changes meaning and can be cached forever. Only JPEG, PNG, WebP and GIF (by their magic bytes, not
/// by what the client claims), at most <see cref="MaxBytes"/>.
/// </summary>
public sealed partial class ImageStore
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

    public ImageStore(IOptions<MediaOptions> options, IHostEnvironment environment)
    {
        Folder = Path.GetFullPath(options.Value.MediaPath, environment.ContentRootPath);
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    /// <summary>True for a name this store could have given out (sha256 hex + a known extension): nothing else is ever served or saved as a
    /// reference.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    public static string ContentType(string name) => ContentTypes[Path.GetExtension(name)];

    public static string TooLargeMessage(long length) =>
        string.Format(System.Globalization.CultureInfo.CurrentCulture, SharedText.ImageTooLarge, MaxBytes / 1024 / 1024, length / 1024d / 1024d);

    /// <summary>The path of a stored image, or null when the name is not one of ours or the file is not there.</summary>
    public string? Find(string name)
    {
        if (!IsValidName(name))
        {
            return null;
        }

        var path = Path.Combine(Folder, name);
        return File.Exists(path) ? path : null;
    }

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
        var path = Path.Combine(Folder, name);
        if (!File.Exists(path))
        {
            // Write beside it and move into place, so a reader never sees half a file, and two writers of the same bytes agree.
            var temp = Path.Combine(Folder, $".{name}.{Guid.NewGuid():N}.tmp");
            await File.WriteAllBytesAsync(temp, bytes, ct);
            File.Move(temp, path, overwrite: true);
        }

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
