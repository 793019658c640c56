using System.Collections.Concurrent;

namespace Storefront.Web.Infrastructure.Payments;

/// <summary>
/// The built-in sandbox gateway, behaving like a hosted one: the shopper is sent to its page to pay or fail, and it
/// calls the store back with a signed webhook. Refunds succeed at once; a repeated idempotency key returns the first
/// refund's result without refunding again.
/// </summary>
public sealed class SandboxGateway : IPaymentGateway
{
    public const string ProviderName = "sandbox";

    private readonly ConcurrentDictionary<(Guid, string), GatewayRefundResult> _refunds = new();

    public string Name => ProviderName;

    public Task<Uri> StartAsync(GatewayPayment payment, CancellationToken ct) =>
        Task.FromResult(new Uri($"/pay/sandbox/{payment.PaymentId}", UriKind.Relative));

    public Task<GatewayRefundResult> RefundAsync(GatewayRefund refund, CancellationToken ct) =>
        Task.FromResult(_refunds.GetOrAdd((refund.TenantId, refund.IdempotencyKey),
            _ => new GatewayRefundResult(true, $"sbx-rf-{Guid.CreateVersion7():N}", null)));
}
