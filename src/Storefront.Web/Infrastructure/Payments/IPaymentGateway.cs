namespace Storefront.Web.Infrastructure.Payments;

/// <summary>
/// A payment provider as ordering sees it: where to send the shopper to pay, and how to give money back. Each provider
/// verifies its own callbacks (signature, amount) at its own endpoint and then sends the ordering command that settles
/// the payment, so adding a real provider touches nothing in ordering.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>The provider's name as stored on payments (e.g. "sandbox").</summary>
    string Name { get; }

    /// <summary>The hosted page to send the shopper to for <paramref name="payment"/>.</summary>
    Task<Uri> StartAsync(GatewayPayment payment, CancellationToken ct);

    /// <summary>
    /// Gives <paramref name="refund"/>.Amount back to the payer. Idempotent on <see cref="GatewayRefund.IdempotencyKey"/>:
    /// the same key twice refunds once and returns the first result.
    /// </summary>
    Task<GatewayRefundResult> RefundAsync(GatewayRefund refund, CancellationToken ct);
}

/// <summary>A payment to collect: the store, our payment id, the order, the amount, and where the shopper returns to afterwards.</summary>
public sealed record GatewayPayment(Guid TenantId, string StoreSlug, Guid PaymentId, string OrderNumber, decimal Amount, Uri ReturnUrl);

/// <summary>A refund of part or all of a settled payment.</summary>
public sealed record GatewayRefund(Guid TenantId, string PaymentReference, decimal Amount, string IdempotencyKey, string Reason);

public sealed record GatewayRefundResult(bool Succeeded, string? Reference, string? Error);
