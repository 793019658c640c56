using System.Collections.Concurrent;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Payments;

namespace Storefront.Web.Features.PaymentSandbox;

/// <summary>
/// The built-in sandbox gateway, behaving like a hosted one: starting a payment opens a charge on the gateway's side
/// (table sandbox_charges, written in the caller's transaction, so a charge exists exactly when its payment does) and
/// sends the shopper to its page /pay/sandbox/{paymentId} to pay or fail. The choice is told to the store by a signed
/// webhook (<see cref="SandboxCallbacks"/>), delivered with retries until the store answers 2xx. Refunds succeed at once;
/// a repeated idempotency key returns the first refund's result without refunding again.
/// </summary>
public sealed class SandboxGateway(StorefrontDb db, TimeProvider clock) : IPaymentGateway
{
    public const string ProviderName = "sandbox";

    /// <summary>Where the sandbox calls the store back; the store's own host in front.</summary>
    public const string CallbackPath = "/api/v1/payments/sandbox/callback";

    /// <summary>The header carrying the hex HMAC-SHA256 of the callback's body, keyed with the store's payment secret.</summary>
    public const string SignatureHeader = "X-Sandbox-Signature";

    // The gateway's refund ledger lives as long as the process (a real provider keeps it on its side).
    private static readonly ConcurrentDictionary<(Guid, string), GatewayRefundResult> Refunds = new();

    public string Name => ProviderName;

    public async Task<Uri> StartAsync(GatewayPayment payment, CancellationToken ct)
    {
        if (!payment.ReturnUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("The return address must be absolute: the sandbox calls the store back at its host.", nameof(payment));
        }

        var notify = new Uri(payment.ReturnUrl, CallbackPath);
        await SandboxCharges.OpenAsync(db, payment, notify, clock.GetUtcNow(), ct);
        return new Uri(payment.ReturnUrl, $"/pay/sandbox/{payment.PaymentId}");
    }

    public Task<GatewayRefundResult> RefundAsync(GatewayRefund refund, CancellationToken ct) =>
        Task.FromResult(Refunds.GetOrAdd((refund.TenantId, refund.IdempotencyKey),
            _ => new GatewayRefundResult(true, $"sbx-rf-{Guid.CreateVersion7():N}", null)));
}
