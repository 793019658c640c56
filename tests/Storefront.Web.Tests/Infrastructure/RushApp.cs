using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>
/// The app with room for a rush on a slow machine: hundreds of requests wait for one row's lock and for pooled
/// connections, so a wait for a connection or a statement may take longer than the defaults (15 s, 30 s) allow.
/// </summary>
public sealed class RushApp : StorefrontApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:Storefront",
            new NpgsqlConnectionStringBuilder(Database.AppConnectionString) { Timeout = 300, CommandTimeout = 300 }.ConnectionString);
    }
}
