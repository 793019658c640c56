using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Privacy;

/// <summary>
/// Logs never hold passwords, full phone numbers or street addresses (issue 19, item 4): the masking enricher, and a scan of
/// everything the suite's apps logged so far (<see cref="SuiteLog"/>) for the fixtures' phones, streets and passwords.
/// </summary>
public sealed class LogPrivacyTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    /// <summary>The personal values the suite's fixtures and seeds put through the app.</summary>
    private static readonly string[] FixtureValues =
    [
        OrderSeed.Address.Phone, OrderSeed.Address.Street, "13912345678", "13700001111", "13900139000", "文三路 90 号",
        "storefront-demo", ShopperSeed.Password, PrivacySeed.Password, "Buyer1234-long",
    ];

    private static object Address(string phone) =>
        new { name = "张三", phone, province = "浙江省", city = "杭州市", district = "西湖区", street = "文三路 90 号" };

    [Fact]
    public void A_phone_password_or_street_a_component_logs_is_masked()
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LogPrivacyTests");
        var marker = Guid.NewGuid().ToString("N");
        log.LogInformation("Marker {Marker}: calling {Phone} at {Street}, password {Password}, note {Note}", marker, "13912345678", "文三路 90 号",
            "storefront-demo", "请打 13912345678");

        var line = Assert.Single(SuiteLog.Snapshot(), l => l.Contains(marker));
        Assert.Contains("139****5678", line);
        Assert.DoesNotContain("13912345678", line);
        Assert.DoesNotContain("文三路 90 号", line);
        Assert.DoesNotContain("storefront-demo", line);
    }

    [Fact]
    public async Task What_the_suite_logged_holds_no_fixture_phone_street_or_password()
    {
        // Put the fixtures' values through the app here too (registration, an address refused and saved, the admin grid's filter),
        // so the scan sees them pass even when this class runs alone.
        var shopper = await app.RegisterAsync("demo");
        await shopper.Client.PostAsJsonAsync("/api/v1/addresses", Address("139 1234 567"));   // refused: one digit short
        Assert.Equal(HttpStatusCode.OK, (await shopper.Client.PostAsJsonAsync("/api/v1/addresses", Address("13912345678"))).StatusCode);
        var merchant = app.ClientFor("demo");
        await merchant.SignInStaffAsync("merchant@demo.local");
        await merchant.GetAsync($"/api/v1/admin/orders?phone={OrderSeed.Address.Phone}");
        await app.ClientFor("demo").PostAsJsonAsync("/api/v1/account/login", new { email = "shopper@demo.local", password = "wrong-" + ShopperSeed.Password });

        var lines = SuiteLog.Snapshot();
        Assert.NotEmpty(lines);
        foreach (var value in FixtureValues.Append(shopper.Password))
        {
            var leaked = lines.FirstOrDefault(l => l.Contains(value, StringComparison.Ordinal));
            Assert.True(leaked is null, $"the log holds {value}: {leaked}");
        }
    }
}
