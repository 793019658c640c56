using Storefront.Web.Features.Audit;
using Storefront.Web.Features.Demo;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web;

/// <summary>
/// What runs before the app serves: the command-line verbs <c>migrate</c> (apply the SQL migrations, then exit) and
/// <c>verify-audit --store &lt;slug&gt;</c> (check a store's audit chain, exit 0 when intact),
/// <c>move-store --store &lt;slug&gt; --to &lt;cluster&gt;</c> (move a store's rows to another cluster, see MoveStore), and on a
/// normal start the migrations when an admin connection is configured (Storefront:MigrateOnStartup) and the demo data (Storefront:SeedDemoData).
/// Any host will do: the app's, or the data generator's plain one (no web server).
/// </summary>
public static class Cli
{
    /// <summary>True when a verb ran and the process should end instead of serving.</summary>
    public static async Task<bool> RunAsync(IHost app, string[] args)
    {
        var configuration = app.Services.GetRequiredService<IConfiguration>();
        var appConnection = configuration.GetConnectionString("Storefront")!;
        var adminConnection = configuration.GetConnectionString("StorefrontAdmin");
        if (args.Contains("migrate"))
        {
            await new Migrator(adminConnection ?? appConnection, appConnection, app.Services.GetRequiredService<ILogger<Migrator>>()).MigrateAsync();
            await MigrateOtherClustersAsync(app);
            return true;
        }

        if (adminConnection is not null && configuration.GetValue("Storefront:MigrateOnStartup", true))
        {
            await new Migrator(adminConnection, appConnection, app.Services.GetRequiredService<ILogger<Migrator>>()).MigrateAsync();
            await MigrateOtherClustersAsync(app);
        }

        if (args.Contains("move-store"))
        {
            // dotnet run --project src/Storefront.Web -- move-store --store demo --to B (docs/decisions/0052-store-moves.md)
            Environment.ExitCode = await Features.Platform.MoveStore.CommandLineAsync(app.Services, args, Console.Out);
            return true;
        }

        if (args.Contains("verify-audit"))
        {
            // dotnet run --project src/Storefront.Web -- verify-audit --store demo (docs/decisions/0037-audit-chain.md)
            Environment.ExitCode = await VerifyAuditChain.CommandLineAsync(app.Services, args, Console.Out);
            return true;
        }

        if (configuration.GetValue("Storefront:SeedDemoData", false))
        {
            await DemoData.SeedAsync(app.Services);
            if (configuration.GetValue("Storefront:SeedDemoShop", true))
            {
                await DemoShop.SeedAsync(app.Services);   // the demo store as a real shop: catalogue, promotions, tiers, orders
            }
        }

        return false;
    }

    /// <summary>Every cluster runs the same migrations (Storefront:Clusters:NAME:Admin, the owner there).</summary>
    private static async Task MigrateOtherClustersAsync(IHost app)
    {
        foreach (var cluster in app.Services.GetRequiredService<StoreClusters>().All.Where(c => c.Name != StoreClusters.Default && c.Admin is not null))
        {
            await new Migrator(cluster.Admin!, cluster.App, app.Services.GetRequiredService<ILogger<Migrator>>()).MigrateAsync();
        }
    }
}

/// <summary>Entry point (Program.cs), named for the test host.</summary>
public partial class Program;
