using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Storefront.Domain.Common;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Infrastructure.Media;

/// <summary>An image a store uploaded, kept in PostgreSQL (media_files, migration 0050): store-owned like every store table.</summary>
public sealed class MediaFile : ITenantOwned
{
    private MediaFile()
    {
    }

    public Guid TenantId { get; private set; }

    /// <summary>The sha256 of the bytes (hex) and the type's extension.</summary>
    public string Name { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    /// <summary>The sha256 of the bytes, hex: what the name starts with, kept to check the bytes against.</summary>
    public string Sha256 { get; private set; } = "";

    public int Length { get; private set; }

    public byte[] Bytes { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }
}

internal sealed class MediaFileConfiguration : IEntityTypeConfiguration<MediaFile>
{
    public void Configure(EntityTypeBuilder<MediaFile> b)
    {
        b.ToTable("media_files");
        b.HasKey(m => new { m.TenantId, m.Name });
        b.Property(m => m.Name).HasMaxLength(69);   // 64 hex digits and ".webp" at most
        b.Property(m => m.ContentType).HasMaxLength(32);
        b.Property(m => m.Sha256).HasMaxLength(64);
    }
}

/// <summary>
/// Images in the current store's rows (Storefront:Media:Store=Database): any node serves what another node stored, with no
/// shared volume. Reads and writes go to the primary through the request's context, so an image is served as soon as its
/// upload answered; the store filter and row-level security keep one store's images from another's host.
/// </summary>
internal sealed class DatabaseMediaStore(StorefrontDb db, TimeProvider clock) : IMediaStore
{
    public async Task SaveAsync(string name, string contentType, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var tenant = db.TenantId ?? throw new InvalidOperationException("An image kept in the database belongs to a store: none is set.");
        var content = bytes.ToArray();
        var hash = name[..64];
        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"""
            insert into media_files (tenant_id, name, content_type, sha256, length, bytes, created_at)
            values ({tenant}, {name}, {contentType}, {hash}, {content.Length}, {content}, {now})
            on conflict (tenant_id, name) do nothing
            """, ct);
    }

    public async Task<StoredImage?> FindAsync(string name, CancellationToken ct) =>
        await db.Set<MediaFile>().AsNoTracking()
            .Where(m => m.Name == name)
            .Select(m => new StoredImage(m.ContentType, null, m.Bytes))
            .SingleOrDefaultAsync(ct);

    public Task<bool> ExistsAsync(string name, CancellationToken ct) => db.Set<MediaFile>().AnyAsync(m => m.Name == name, ct);
}
