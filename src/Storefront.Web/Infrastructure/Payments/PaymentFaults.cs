using System.Diagnostics;

namespace Storefront.Web.Infrastructure.Payments;

/// <summary>
/// Fault injection for crash tests, off unless configured. Storefront:Faults:SettlePayment = "exit" kills this process
/// (SIGKILL to itself: no shutdown, no rollback sent, nothing flushed) at the point of settling a payment after the order
/// was marked paid and the changes were written inside the still open transaction; "throw" fails the command there
/// instead (the transaction rolls back, the callback gets a 500), Storefront:Faults:SettlePaymentTimes times (default 1).
/// </summary>
public sealed class PaymentFaults(IConfiguration configuration, ILogger<PaymentFaults> log)
{
    private int _thrown;

    public bool AfterMarkPaidEnabled => configuration["Storefront:Faults:SettlePayment"] is "exit" or "throw";

    /// <summary>Called by the settle step after MarkPaid, with the changes already sent to the database but not committed.</summary>
    public void AfterMarkPaid(string orderNumber)
    {
        switch (configuration["Storefront:Faults:SettlePayment"])
        {
            case "exit":
                log.LogWarning("Fault injection: killing the process while settling order {OrderNumber}, before commit", orderNumber);
                Process.GetCurrentProcess().Kill();
                Thread.Sleep(Timeout.Infinite);
                break;
            case "throw" when Interlocked.Increment(ref _thrown) <= configuration.GetValue("Storefront:Faults:SettlePaymentTimes", 1):
                throw new InvalidOperationException($"Fault injection: settling order {orderNumber} failed before commit.");
        }
    }
}
