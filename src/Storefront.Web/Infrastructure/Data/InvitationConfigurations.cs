using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Storefront.Domain.Tenancy;

namespace Storefront.Web.Infrastructure.Data;

internal sealed class StaffInvitationConfiguration : IEntityTypeConfiguration<StaffInvitation>
{
    public void Configure(EntityTypeBuilder<StaffInvitation> b)
    {
        b.ToTable("staff_invitations");
        b.HasKey(i => new { i.TenantId, i.Id });
        b.HasIndex(i => new { i.TenantId, i.TokenHash }).IsUnique();
    }
}
