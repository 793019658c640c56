namespace Storefront.Web.Tests.Infrastructure;

/// <summary>The repository's files, for tests that read the source (the codes and kinds the domain writes).</summary>
internal static class SourceTree
{
    /// <summary>The folder holding Storefront.sln, found from the test assembly's folder upwards.</summary>
    public static string Root { get; } = FindRoot();

    public static IEnumerable<string> CSharpFiles(string relativeFolder) =>
        Directory.EnumerateFiles(Path.Combine(Root, relativeFolder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Storefront.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Storefront.sln not found above " + AppContext.BaseDirectory);
    }
}
