using Storefront.Web;

namespace Storefront.Generator;

/// <summary>
/// Benchmark and demo data: <c>dotnet run --project tools/Storefront.Generator -- --store demo --products 100000</c>,
/// with ConnectionStrings__Storefront and ConnectionStrings__StorefrontAdmin set as for the app.
/// </summary>
internal static class GeneratorMain
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>
    /// Builds the plain host (<see cref="GeneratorHost"/>), does what the app does before it serves (<see cref="Cli"/>:
    /// migrations when Storefront:MigrateOnStartup and an admin connection, the demo stores when Storefront:SeedDemoData),
    /// then generates. Returns the process exit code.
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        using var host = GeneratorHost.Build(CatalogGenerator.Options.Settings(args));
        await Cli.RunAsync(host, []);   // no verbs: the generator's own arguments are not the app's
        return await CatalogGenerator.RunAsync(host.Services, args, output, error);
    }
}
