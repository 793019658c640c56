using System.Text.RegularExpressions;

namespace Storefront.Web.Tests;

/// <summary>
/// Infrastructure serves the slices and never references them: no file under src/Storefront.Web/Infrastructure names the
/// Storefront.Web.Features namespace or one of its areas. A scan of the source files rather than of the compiled
/// assembly: it also sees what leaves no trace in metadata (a using, a cref in a doc comment, a .razor file's @using),
/// needs no analyser package, and its failure names the file and line to fix.
/// </summary>
public sealed partial class InfrastructureBoundaryTests
{
    [Fact]
    public void No_file_under_Infrastructure_references_the_features()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "Storefront.Web");
        var areas = Directory.GetDirectories(Path.Combine(web, "Features")).Select(Path.GetFileName).ToList();
        Assert.Contains("Ordering", areas);
        var reference = new Regex(
            $@"Storefront\.Web\.Features\b|(?<![\w.])Features\.({string.Join('|', areas.Select(a => Regex.Escape(a!)))})\b", RegexOptions.CultureInvariant);

        var files = Directory.EnumerateFiles(Path.Combine(web, "Infrastructure"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        var found = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(web, f), Line: i + 1, Text: line.Trim())))
            .Where(l => reference.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text}")
            .ToList();

        Assert.True(found.Count == 0, "Infrastructure references Features:\n" + string.Join('\n', found));
    }

    private static string RepositoryRoot()
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
