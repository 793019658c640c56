using Microsoft.JSInterop;
using Radzen.Blazor.Rendering;
using Storefront.Domain.Insight;
using Storefront.Web.ComponentTests.Infrastructure;
using Storefront.Web.Features.Insight;

namespace Storefront.Web.ComponentTests.Insight;

/// <summary>
/// The dashboard when its trend chart cannot be drawn: a staff member who opens another page while the chart is being
/// created leaves no element for Radzen's script, which throws. The figures stay, and the circuit (shared by the next
/// page) must not be torn down by it.
/// </summary>
public sealed class DashboardTests : AdminPageTest
{
    public DashboardTests()
    {
        var day = new DateOnly(2026, 12, 5);
        var figures = new InsightFigures(1234.50m, 3, 2, 411.50m, null, 0m, 0, 0m, 0m, 1, null, null);
        Mediator.On<GetDashboard.Query, GetDashboard.Result>(_ => new GetDashboard.Result(
            "Asia/Shanghai", PeriodKind.Today, day, day, day.AddDays(-1), day.AddDays(-1), figures, figures,
            new GetDashboard.Changes(null, null, null, null, null, null, null, null, null, null),
            new GetDashboard.Visitors(false, null, null, null, null), [new GetDashboard.DayFigures(day, figures)]));
        // What the browser answers when the chart's element was removed before Radzen.createChart ran.
        JSInterop.Setup<Rect>("Radzen.createChart", _ => true).SetException(new JSException("Cannot set properties of null (setting 'mouseMoveHandler')"));
    }

    [Fact]
    public void A_chart_whose_element_is_gone_leaves_the_figures_and_says_the_chart_is_unavailable()
    {
        var dashboard = Render<Dashboard>();

        dashboard.WaitForAssertion(() => Assert.Contains("1,234.50", dashboard.Find("[data-testid='dashboard']").TextContent));
        dashboard.WaitForAssertion(() => Assert.Equal("趋势图暂时无法显示，上面的数字不受影响。", dashboard.Find(By("trend-unavailable")).TextContent.Trim()));
    }
}
