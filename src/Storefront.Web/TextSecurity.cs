namespace Storefront.Web;

// The words of the rate limits' page (issue 15). Keys live in Resources/Text.resx (zh-CN) and Resources/Text.en.resx.
public static partial class Text
{
    public static string RateLimitedTitle => Get();

    public static string RateLimitedMessage => Get();
}
