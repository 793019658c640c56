using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Storefront.Domain.Catalog;

namespace Storefront.Web.Infrastructure.Data;

internal sealed class SynonymGroupConfiguration : IEntityTypeConfiguration<SynonymGroup>
{
    public void Configure(EntityTypeBuilder<SynonymGroup> b)
    {
        b.ToTable("search_synonyms");
        b.HasKey(g => new { g.TenantId, g.Id });
        b.Property(g => g.Terms).HasColumnType("text[]");
    }
}

internal sealed class SearchCountConfiguration : IEntityTypeConfiguration<SearchCount>
{
    public void Configure(EntityTypeBuilder<SearchCount> b)
    {
        b.ToTable("search_counts");
        b.HasKey(c => new { c.TenantId, c.Keyword });
    }
}
