using Microsoft.Extensions.Options;

namespace Storefront.Web.Infrastructure.Media;

/// <summary>Where uploaded images are kept (Storefront:Media:Store): a folder (the default) or PostgreSQL (docs/decisions/0053).</summary>
public enum MediaStoreKind
{
    /// <summary>A folder (Storefront:MediaPath): one node, or several sharing a volume.</summary>
    Folder,

    /// <summary>The store's own rows in PostgreSQL (media_files): every node reads them without a shared volume.</summary>
    Database,
}

/// <summary>A stored image to serve: its type, and either the file it is in or its bytes.</summary>
public sealed record StoredImage(string ContentType, string? FilePath, byte[]? Bytes);

/// <summary>
/// Keeps images under the names <see cref="ImageStore"/> gives them (the content hash and the type's extension): a name
/// always means the same bytes, so saving one that is already there does nothing.
/// </summary>
public interface IMediaStore
{
    Task SaveAsync(string name, string contentType, ReadOnlyMemory<byte> bytes, CancellationToken ct);

    Task<StoredImage?> FindAsync(string name, CancellationToken ct);

    Task<bool> ExistsAsync(string name, CancellationToken ct);
}

public sealed class MediaOptions
{
    /// <summary>Where the folder store keeps images; relative paths are under the content root. Default ./.data/media (git-ignored).</summary>
    public string MediaPath { get; set; } = Path.Combine(".data", "media");
}

/// <summary>Images as files in one folder, shared by every store (a name is a hash, so stores never clash).</summary>
internal sealed class FolderMediaStore : IMediaStore
{
    public FolderMediaStore(IOptions<MediaOptions> options, IHostEnvironment environment)
    {
        Folder = Path.GetFullPath(options.Value.MediaPath, environment.ContentRootPath);
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public async Task SaveAsync(string name, string contentType, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var path = Path.Combine(Folder, name);
        if (!File.Exists(path))
        {
            // Write beside it and move into place, so a reader never sees half a file, and two writers of the same bytes agree.
            var temp = Path.Combine(Folder, $".{name}.{Guid.NewGuid():N}.tmp");
            await File.WriteAllBytesAsync(temp, bytes, ct);
            File.Move(temp, path, overwrite: true);
        }
    }

    public Task<StoredImage?> FindAsync(string name, CancellationToken ct)
    {
        var path = Path.Combine(Folder, name);
        return Task.FromResult(File.Exists(path) ? new StoredImage(ImageStore.ContentType(name), path, null) : null);
    }

    public Task<bool> ExistsAsync(string name, CancellationToken ct) => Task.FromResult(File.Exists(Path.Combine(Folder, name)));
}
