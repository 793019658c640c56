namespace Storefront.Web;

// The words of the edge rule (Infrastructure/Behaviors/InputRules.cs): what a field error says when a request holds a
// null, a control character or an over-long string. Keys live in Resources/Text.resx (zh-CN) and Resources/Text.en.resx
// under "edges: input rules".
public static partial class Text
{
    public static string InputRequired => Get();

    public static string InputControlCharacters => Get();

    public static string InputTooLong => Get();
}
