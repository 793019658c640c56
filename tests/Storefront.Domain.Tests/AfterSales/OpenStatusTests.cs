using Storefront.Domain.AfterSales;

namespace Storefront.Domain.Tests.AfterSales;

/// <summary>The one definition of an open case, which the auto-confirm query and the case views use.</summary>
public sealed class OpenStatusTests
{
    [Fact]
    public void Requested_approved_awaiting_return_and_received_are_open()
    {
        Assert.Equal(
            [AfterSalesStatus.Requested, AfterSalesStatus.Approved, AfterSalesStatus.AwaitingReturn, AfterSalesStatus.Received],
            AfterSalesCase.OpenStatuses);
    }

    [Theory]
    [InlineData(AfterSalesStatus.Rejected)]
    [InlineData(AfterSalesStatus.Refunded)]
    [InlineData(AfterSalesStatus.Exchanged)]
    [InlineData(AfterSalesStatus.Closed)]
    public void Ended_cases_are_not_open(AfterSalesStatus status) => Assert.False(AfterSalesCase.IsOpenStatus(status));
}
