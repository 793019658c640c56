namespace Storefront.Generator;

/// <summary>
/// Benchmark and demo data: <c>dotnet run --project tools/Storefront.Generator -- --store demo --products 100000</c>,
/// with ConnectionStrings__Storefront and ConnectionStrings__StorefrontAdmin set as for the app.
/// </summary>
internal static class GeneratorMain
{
    public static async Task<int> Main(string[] args)
    {
        await using var host = new GeneratorHost(CatalogGenerator.Options.Settings(args));
        return await CatalogGenerator.RunAsync(host.Services, args, Console.Out, Console.Error);
    }
}
