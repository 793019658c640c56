using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Resources;

namespace Storefront.Web.Tests.CrossCutting.Web;

/// <summary>
/// The interface text: a class per area (CatalogText, OrderingText … SharedText) that the SDK generates from the
/// area's *Text.resx (zh-CN, neutral) and *Text.en.resx. Every key must exist in both languages, never empty.
/// </summary>
public sealed class TextTests
{
    /// <summary>Every generated text class of the web project: a *Text type with the generated ResourceManager.</summary>
    internal static IReadOnlyList<Type> Classes { get; } = [.. typeof(SharedText).Assembly.GetTypes()
        .Where(t => t.Name.EndsWith("Text", StringComparison.Ordinal)
            && t.GetProperty("ResourceManager", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)?.PropertyType == typeof(ResourceManager))
        .OrderBy(t => t.Name, StringComparer.Ordinal)];

    public static TheoryData<string> ClassNames() => [.. Classes.Select(t => t.Name)];

    [Fact]
    public void Every_area_has_its_generated_text_class()
    {
        Assert.Subset(Classes.Select(t => t.Name).ToHashSet(),
            new HashSet<string> { "SharedText", "CatalogText", "OrderingText", "PromotionsText", "MembersText", "AfterSalesText",
                "AccountsText", "StaffText", "PlatformText", "AdminText" });
    }

    [Theory]
    [MemberData(nameof(ClassNames))]
    public void Every_interface_text_exists_in_chinese_and_english(string className)
    {
        var type = Classes.Single(t => t.Name == className);
        var zh = Keys(type, CultureInfo.InvariantCulture);
        var en = Keys(type, new CultureInfo("en"));
        Assert.NotEmpty(zh);
        Assert.Empty(zh.Keys.Except(en.Keys));
        Assert.Empty(en.Keys.Except(zh.Keys));
        Assert.All(zh, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), $"{className}.{kv.Key} is empty in zh-CN"));
        Assert.All(en, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), $"{className}.{kv.Key} is empty in en"));
        Assert.All(zh, kv => Assert.NotEqual(kv.Value, en[kv.Key]));

        foreach (var property in type.GetProperties(BindingFlags.Static | BindingFlags.Public).Where(p => p.PropertyType == typeof(string)))
        {
            Assert.True(zh.ContainsKey(property.Name) || zh.Keys.Any(k => k.Replace('-', '_') == property.Name),
                $"{className}.{property.Name} has no entry");
        }
    }

    [Fact]
    public void Texts_follow_the_current_ui_culture()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Assert.Equal("登录", SharedText.SignIn);
            Assert.Equal("购物车", OrderingText.CartTitle);
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal("Sign in", SharedText.SignIn);
            Assert.Equal("Cart", OrderingText.CartTitle);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    internal static Dictionary<string, string> Keys(Type type, CultureInfo culture)
    {
        var manager = (ResourceManager)type.GetProperty("ResourceManager", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!.GetValue(null)!;
        var set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!;
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }
}
