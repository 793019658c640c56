using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Storefront.Domain.Common;
using Storefront.Domain.Tenancy;
using Storefront.Web.Infrastructure.Web;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests;

/// <summary>
/// A domain rule's refusal reads in the user's language: DomainErrors.resx (zh-CN) and DomainErrors.en.resx hold each
/// code's message; every code Storefront.Domain throws, read from its source, must have both.
/// </summary>
public sealed partial class DomainErrorsTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Api = "/api/v1/admin/catalog/categories";

    [Theory]
    [InlineData("en", "Categories go at most 3 levels deep.")]
    [InlineData("zh-CN", "类目最多 3 级。")]
    public async Task A_refused_rule_reads_in_the_chosen_language(string culture, string title)
    {
        var client = app.ClientFor("demo");
        await client.SignInStaffAsync("merchant@demo.local");
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/culture?c={culture}&returnUrl=/")).StatusCode);   // sets the language cookie
        var parent = (Guid?)null;
        for (var level = 1; level <= 3; level++)
        {
            var created = await client.PostAsJsonAsync(Api,
                new { name = "层级" + level, slug = $"errors-{culture.ToLowerInvariant()}-{level}-{Guid.NewGuid():N}"[..40], parentId = parent });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            parent = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }

        var refused = await client.PostAsJsonAsync(Api, new { name = "四级", slug = "errors-four-" + Guid.NewGuid().ToString("N")[..8], parentId = parent });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:storefront:category.depth", problem.GetProperty("type").GetString());
        Assert.Equal(title, problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("promotion.tiers", "减免金额须大于 0，精确到分。", "The amount off must be above 0, to the cent.")]
    [InlineData("ship.held", "T恤 有 2 件在买家的退款申请中，请先处理售后（还可发货 1 件）。",
        "2 of T恤 are in the shopper's refund request; handle the after-sales case first (1 can be shipped).")]
    [InlineData("aftersales.reason", "请填写拒绝原因（不超过 200 个字符）。", "Enter why it is rejected (at most 200 characters).")]
    [InlineData("category.depth", "一条没有写进资源的消息", "一条没有写进资源的消息")]
    [InlineData("no.such-code", "没有这个代码", "没有这个代码")]
    public void A_message_is_found_by_its_code_and_pattern_else_kept(string code, string message, string english)
    {
        var refusal = new DomainException(code, message);
        Assert.Equal(english, DomainErrors.Message(refusal, new CultureInfo("en")));
        Assert.Equal(message, DomainErrors.Message(refusal, new CultureInfo("zh-CN")));
    }

    [Fact]
    public void Every_code_the_domain_throws_has_words_in_both_languages()
    {
        var codes = DomainCodes();
        Assert.Contains("category.depth", codes);          // literal
        Assert.Contains("order.cancel", codes);            // Illegal("cancel", …) in Order
        Assert.Contains("aftersales.return-carrier", codes); // $"aftersales.{move}-carrier" with move "return"
        Assert.Contains("review.photos", codes);           // passed to a method that throws with it

        var zh = Entries(CultureInfo.InvariantCulture);
        var en = Entries(new CultureInfo("en"));
        Assert.Empty(zh.Keys.Except(en.Keys));
        Assert.Empty(en.Keys.Except(zh.Keys));
        Assert.All(en, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), kv.Key));
        // the English takes the values the Chinese pattern reads, and formats (a stray brace would throw in a request)
        Assert.All(zh, kv => Assert.Equal(Placeholders(kv.Value), Placeholders(en[kv.Key])));
        Assert.All(en, kv => Assert.NotNull(string.Format(CultureInfo.InvariantCulture, kv.Value, new object[9])));
        var zhCodes = zh.Keys.Select(k => k.Split('#')[0]).ToHashSet();
        var missing = codes.Except(zhCodes).Order(StringComparer.Ordinal).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_literal_message_of_the_domain_has_its_pattern()
    {
        var zh = Entries(CultureInfo.InvariantCulture).ToLookup(kv => kv.Key.Split('#')[0], kv => kv.Value);
        var missing = new List<string>();
        foreach (var text in DomainSources())
        {
            foreach (Match m in LiteralThrow().Matches(text))
            {
                var pattern = m.Groups["interpolated"].Success ? Holes(m.Groups["message"].Value) : m.Groups["message"].Value;
                if (!zh[m.Groups["code"].Value].Contains(pattern))
                {
                    missing.Add($"{m.Groups["code"].Value}: {pattern}");
                }
            }
        }

        Assert.Empty(missing);
    }

    /// <summary>The codes in Storefront.Domain's source: literal, passed as an argument, or built from a move.</summary>
    private static HashSet<string> DomainCodes()
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in DomainSources())
        {
            codes.UnionWith(LiteralCode().Matches(text).Select(m => m.Groups[1].Value));
        }

        var prefixes = codes.Select(c => c.Split('.')[0]).ToHashSet();
        foreach (var text in DomainSources())
        {
            // a code handed to a helper that throws with it (CheckPhotos(photos, "review.photos"))
            codes.UnionWith(CodeLiteral().Matches(text).Select(m => m.Groups[1].Value).Where(c => prefixes.Contains(c.Split('.')[0])));

            // $"order.{move}" and $"aftersales.{move}-carrier": each move passed to a method taking `string move`
            var movers = MoveMethod().Matches(text).Select(m => m.Groups[1].Value).ToHashSet();
            var moves = movers.SelectMany(name => Regex.Matches(text, $@"\b{name}\(([^;]*?)\);").Select(c => MoveLiteral().Match(c.Groups[1].Value)))
                .Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
            foreach (Match template in MoveTemplate().Matches(text))
            {
                var suffix = template.Groups[2].Value;
                var passed = suffix.Length == 0 ? moves : MovesOfEnclosingMethod(text, template.Index);
                codes.UnionWith(passed.Select(move => $"{template.Groups[1].Value}.{move}{suffix}"));
            }
        }

        // StaffInvitation: "invitation." + refusal.ToString().ToLowerInvariant()
        codes.UnionWith(Enum.GetNames<InvitationRefusal>().Select(n => "invitation." + n.ToLowerInvariant()));
        return codes;
    }

    private static HashSet<string> MovesOfEnclosingMethod(string text, int at)
    {
        var method = MoveMethod().Matches(text).Last(m => m.Index < at).Groups[1].Value;
        return [.. Regex.Matches(text, $@"\b{method}\(([^;]*?)\);").Select(c => MoveLiteral().Match(c.Groups[1].Value)).Where(m => m.Success)
            .Select(m => m.Groups[1].Value)];
    }

    private static IEnumerable<string> DomainSources() =>
        SourceTree.CSharpFiles(Path.Combine("src", "Storefront.Domain")).Select(File.ReadAllText);

    private static Dictionary<string, string> Entries(CultureInfo culture) =>
        DomainErrors.Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    private static string[] Placeholders(string text) =>
        [.. Hole().Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>An interpolated message as the resx writes it: each {expression} becomes {0}, {1} … in order.</summary>
    private static string Holes(string interpolated)
    {
        var n = 0;
        return Hole().Replace(interpolated, _ => "{" + n++.ToString(CultureInfo.InvariantCulture) + "}");
    }

    [GeneratedRegex(@"DomainException\(\s*""([a-z]+\.[a-z.-]+)""")]
    private static partial Regex LiteralCode();

    [GeneratedRegex(@"""([a-z]+\.[a-z]+(?:-[a-z]+)*)""")]
    private static partial Regex CodeLiteral();

    [GeneratedRegex(@"(\w+)\([^)]*\bstring move\b")]
    private static partial Regex MoveMethod();

    [GeneratedRegex(@"""([a-z]+(?:-[a-z]+)*)""")]
    private static partial Regex MoveLiteral();

    [GeneratedRegex(@"\$""([a-z]+)\.\{move\}([a-z-]*)""")]
    private static partial Regex MoveTemplate();

    [GeneratedRegex(@"DomainException\(\s*""(?<code>[a-z]+\.[a-z.-]+)"",\s*(?<interpolated>\$)?""(?<message>[^""]*)""\s*(,\s*isConflict: true\s*)?\)")]
    private static partial Regex LiteralThrow();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Hole();
}
