using System.Text;
using System.Text.RegularExpressions;

namespace Storefront.Domain.Tests.Style;

/// <summary>
/// Roslyn has no line-length rule, so this test enforces .editorconfig's <c>max_line_length</c> on the repository's
/// code files (C#, Razor, shell, project files, SQL, Lua, JavaScript, CSS, Dockerfiles).
/// </summary>
public sealed partial class LineLengthTests
{
    private static readonly string[] CodeExtensions =
        [".cs", ".razor", ".sh", ".csproj", ".props", ".targets", ".sql", ".lua", ".js", ".css"];

    // Build output, local data and tool folders (all git-ignored).
    private static readonly HashSet<string> SkippedFolders =
        ["bin", "obj", ".git", ".data", "node_modules", "TestResults", "artifacts", ".vs", ".idea"];

    [Fact]
    public void No_code_line_is_longer_than_the_editorconfig_limit()
    {
        var root = RepositoryRoot();
        var limit = MaxLineLength(root);

        var tooLong = LongLines(root, limit).ToList();

        if (tooLong.Count > 0)
        {
            var report = new StringBuilder($"{tooLong.Count} line(s) longer than {limit} characters:\n");
            foreach (var line in tooLong)
            {
                report.Append($"  {line.File}:{line.Number} ({line.Length})\n");
            }

            Assert.Fail(report.ToString());
        }
    }

    private sealed record LongLine(string File, int Number, int Length);

    private static IEnumerable<LongLine> LongLines(string root, int limit)
    {
        foreach (var path in CodeFiles(root))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            var number = 0;
            foreach (var line in File.ReadLines(path))
            {
                number++;
                // Characters as a reader counts them: one per Unicode scalar (a CJK character is one).
                var length = line.EnumerateRunes().Count();
                if (length > limit)
                {
                    yield return new LongLine(relative, number, length);
                }
            }
        }
    }

    private static IEnumerable<string> CodeFiles(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            var name = Path.GetFileName(file);
            if (CodeExtensions.Contains(Path.GetExtension(name)) || name == "Dockerfile")
            {
                yield return file;
            }
        }

        foreach (var sub in Directory.EnumerateDirectories(folder))
        {
            var benchResults = sub.EndsWith(Path.Combine("bench", "results"), StringComparison.Ordinal);
            if (SkippedFolders.Contains(Path.GetFileName(sub)) || benchResults)
            {
                continue;
            }

            foreach (var file in CodeFiles(sub))
            {
                yield return file;
            }
        }
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

        throw new InvalidOperationException($"No Storefront.sln above {AppContext.BaseDirectory}");
    }

    private static int MaxLineLength(string root)
    {
        var match = MaxLineLengthSetting().Match(File.ReadAllText(Path.Combine(root, ".editorconfig")));
        Assert.True(match.Success, ".editorconfig sets no max_line_length");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^\s*max_line_length\s*=\s*(\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex MaxLineLengthSetting();
}
