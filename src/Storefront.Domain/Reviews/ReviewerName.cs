using System.Globalization;

namespace Storefront.Domain.Reviews;

/// <summary>
/// How an anonymous reviewer's name shows: never whole. Three characters or fewer keep only the first ("小明" → "小*",
/// "小红明" → "小**", one character → "*"); longer names keep the first and the last with a star for each one between
/// ("欧阳小明" → "欧**明"). Characters are counted as the reader sees them (text elements), so an emoji or a
/// surrogate pair is one character and never split. An empty name shows as 匿名用户.
/// </summary>
public static class ReviewerName
{
    public const string Nobody = "匿名用户";

    public static string Mask(string name)
    {
        var chars = Elements(name.Trim());
        return chars.Count switch
        {
            0 => Nobody,
            1 => "*",
            <= 3 => chars[0] + new string('*', chars.Count - 1),
            _ => chars[0] + new string('*', chars.Count - 2) + chars[^1],
        };
    }

    private static List<string> Elements(string text)
    {
        var result = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
        {
            result.Add(e.GetTextElement());
        }

        return result;
    }
}
