using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Storefront.Generator;

/// <summary>
/// The storefront started in-process, as its own start-up leaves it (migrated when Storefront:MigrateOnStartup, the demo
/// stores seeded when Storefront:SeedDemoData), but serving nothing: the generator writes through its services.
/// Configuration comes from the environment as for the app (ConnectionStrings__Storefront, …), and from
/// <c>--Section:Key value</c> arguments.
/// </summary>
internal sealed class GeneratorHost(IReadOnlyList<(string Key, string Value)> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
