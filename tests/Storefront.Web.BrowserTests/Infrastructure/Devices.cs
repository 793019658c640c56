using Microsoft.Playwright;

namespace Storefront.Web.BrowserTests.Infrastructure;

/// <summary>Browsers besides the default one: a 390×844 phone with touch (shopper pages, the admin drawer) and a 1366×768 desktop.</summary>
public static class Devices
{
    public static BrowserNewContextOptions Phone => new()
    {
        Locale = "zh-CN",
        ViewportSize = new() { Width = 390, Height = 844 },
        ScreenSize = new() { Width = 390, Height = 844 },
        HasTouch = true,
        IsMobile = true,
        DeviceScaleFactor = 2,
    };

    public static BrowserNewContextOptions Desktop => new() { Locale = "zh-CN", ViewportSize = new() { Width = 1366, Height = 768 } };
}
