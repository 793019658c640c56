using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Data;

public static class DatabaseServices
{
    /// <summary>The app's database from ConnectionStrings:Storefront (the app role; migrations use StorefrontAdmin).</summary>
    public static IHostApplicationBuilder AddStorefrontData(this IHostApplicationBuilder builder)
    {
        var appConnection = builder.Configuration.GetConnectionString("Storefront")
            ?? throw new InvalidOperationException("ConnectionStrings:Storefront is not set (./run.sh sets it for you).");
        builder.Services.AddStorefrontDb(builder.Configuration, appConnection);
        builder.Services.AddReadReplica(builder.Configuration, appConnection);
        return builder;
    }

    /// <summary>
    /// StorefrontDb from EF's context pool over the app role's connection (<see cref="AppConnectionString.For"/>: auto-prepare,
    /// a pool sized below the server's max_connections), with the store set on every connection it opens
    /// (<see cref="TenantSessionInterceptor"/>) and a connection cleaned after a failed statement before it goes back to
    /// the pool (<see cref="FailedConnections"/>); each scope leases one context. With Storefront:Database:PgBouncer the
    /// connection string goes through PgBouncer in transaction mode: no auto-prepare, the store set per transaction.
    /// </summary>
    public static IServiceCollection AddStorefrontDb(this IServiceCollection services, IConfiguration configuration, string appConnection)
    {
        var connectionString = AppConnectionString.For(appConnection,
            configuration.GetValue<int?>("Storefront:Database:MaxPoolSize"),
            configuration.GetValue<int?>("Storefront:Database:PoolTimeoutSeconds"));
        var pgBouncer = configuration.GetValue<bool>("Storefront:Database:PgBouncer");
        if (pgBouncer)
        {
            connectionString = AppConnectionString.ForPgBouncer(connectionString);
        }

        var clusters = new StoreClusters(configuration);
        services.AddSingleton(clusters);
        services.AddSingleton(new TenantSessionInterceptor(pgBouncer, clusters.Several ? clusters : null));
        services.AddSingleton<FailedConnections.Interceptor>();
        services.AddPooledDbContextFactory<StorefrontDb>((sp, options) => options
            .UseNpgsql(connectionString)
            .AddInterceptors(sp.GetRequiredService<TenantSessionInterceptor>(), sp.GetRequiredService<FailedConnections.Interceptor>()));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<StorefrontDb>>().CreateDbContext()
            .Lease(sp.GetRequiredService<TenantContext>(), pgBouncer));
        return services;
    }

    /// <summary>
    /// The optional read replica (ConnectionStrings:StorefrontReplica, the app role on a streaming standby) for the shopper
    /// catalogue's reads (<see cref="CatalogReads"/>), with its monitor; without it every read goes to the primary.
    /// </summary>
    public static IServiceCollection AddReadReplica(this IServiceCollection services, IConfiguration configuration, string appConnection)
    {
        var pgBouncer = configuration.GetValue<bool>("Storefront:Database:PgBouncer");
        var replica = configuration.GetConnectionString("StorefrontReplica") is { Length: > 0 } given
            ? AppConnectionString.For(given, configuration.GetValue<int?>("Storefront:Database:MaxPoolSize"),
                configuration.GetValue<int?>("Storefront:Database:PoolTimeoutSeconds"))
            : null;
        if (replica is not null && pgBouncer)
        {
            replica = AppConnectionString.ForPgBouncer(replica);   // the replica's own PgBouncer, in transaction mode as well
        }

        services.AddSingleton(sp =>
        {
            var r = new ReadReplica(configuration, appConnection, replica, pgBouncer, sp.GetRequiredService<TenantSessionInterceptor>(),
                sp.GetRequiredService<FailedConnections.Interceptor>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ReadReplica>>());
            if (sp.GetService<Caching.CatalogCache>() is { } cache)
            {
                cache.Evicted += r.CatalogChanged;
            }

            return r;
        });
        services.AddScoped<CatalogReads>();
        services.AddHostedService<ReadReplicaMonitor>();
        return services;
    }
}
