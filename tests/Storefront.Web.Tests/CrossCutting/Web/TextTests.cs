using System.Collections;
using System.Globalization;
using System.Resources;

namespace Storefront.Web.Tests.CrossCutting.Web;

public sealed class TextTests
{
    [Fact]
    public void Every_interface_text_exists_in_chinese_and_english()
    {
        var zh = Keys(CultureInfo.InvariantCulture);
        var en = Keys(new CultureInfo("en"));
        Assert.Empty(zh.Keys.Except(en.Keys));
        Assert.Empty(en.Keys.Except(zh.Keys));
        Assert.All(zh, kv => Assert.NotEqual(kv.Value, en[kv.Key]));

        var properties = typeof(Text).GetProperties().Where(p => p.PropertyType == typeof(string)).ToList();
        Assert.True(properties.Count > 40);
        foreach (var property in properties)
        {
            Assert.True(zh.ContainsKey(property.Name), $"Text.{property.Name} has no entry in Text.resx");
        }
    }

    [Fact]
    public void Texts_follow_the_current_ui_culture()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Assert.Equal("登录", Text.SignIn);
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal("Sign in", Text.SignIn);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static Dictionary<string, string> Keys(CultureInfo culture)
    {
        var set = Text.Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!;
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }
}
