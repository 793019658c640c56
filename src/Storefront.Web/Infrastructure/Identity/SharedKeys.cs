using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Infrastructure.Identity;

/// <summary>
/// Data Protection keys (what signs and encrypts the sign-in cookies, antiforgery tokens and the cart cookie) kept in
/// PostgreSQL's data_protection_keys, so every app node reads the same key ring: a cookie issued by one node is honoured
/// by any other (docs/decisions/0043-stateless-nodes-and-pgbouncer.md). The application name is fixed, since by default
/// it is the content root path, which differs between nodes.
/// </summary>
public static class SharedKeys
{
    public const string ApplicationName = "Storefront";

    public static IServiceCollection AddStorefrontDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var connection = configuration.GetConnectionString("Storefront")
            ?? throw new InvalidOperationException("ConnectionStrings:Storefront is not set (./run.sh sets it for you).");
        if (configuration.GetValue<bool>("Storefront:Database:PgBouncer"))
        {
            connection = AppConnectionString.ForPgBouncer(connection);
        }

        services.AddDbContext<KeysDb>(o => o.UseNpgsql(connection));
        services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToDbContext<KeysDb>();
        return services;
    }

    /// <summary>The key ring's table: platform-wide, no store (migration 0040).</summary>
    public sealed class KeysDb(DbContextOptions<KeysDb> options) : DbContext(options), IDataProtectionKeyContext
    {
        public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<DataProtectionKey>(key =>
        {
            key.ToTable("data_protection_keys");
            key.Property(k => k.Id).HasColumnName("id");
            key.Property(k => k.FriendlyName).HasColumnName("friendly_name");
            key.Property(k => k.Xml).HasColumnName("xml");
        });
    }
}
