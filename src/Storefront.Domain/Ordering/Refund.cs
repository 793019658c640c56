using Storefront.Domain.Common;

namespace Storefront.Domain.Ordering;

public enum RefundStatus
{
    Pending,
    Succeeded,
    Failed,
}

/// <summary>
/// Money going back to the shopper through the gateway the order was paid with. The idempotency key is unique in the
/// store, so a repeated request or a retry refunds once.
/// </summary>
public sealed class Refund : ITenantOwned
{
    public const int ReasonMaxLength = 200;

    private Refund()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    public Guid PaymentId { get; private set; }

    public decimal Amount { get; private set; }

    public string Reason { get; private set; } = "";

    public string IdempotencyKey { get; private set; } = "";

    public RefundStatus Status { get; private set; }

    public string? ProviderReference { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public static Refund Request(Guid tenantId, Guid orderId, Guid paymentId, decimal amount, string reason, string idempotencyKey, DateTimeOffset now)
    {
        if (amount <= 0 || !Money.HasAtMostTwoDecimals(amount))
        {
            throw new DomainException("refund.amount", "退款金额必须大于 0，且最多两位小数。");
        }

        return new Refund
        {
            TenantId = tenantId,
            Id = Guid.CreateVersion7(now),
            OrderId = orderId,
            PaymentId = paymentId,
            Amount = amount,
            Reason = (reason ?? "").Trim() is { Length: <= ReasonMaxLength } r ? r : reason!.Trim()[..ReasonMaxLength],
            IdempotencyKey = idempotencyKey,
            Status = RefundStatus.Pending,
            CreatedAt = now,
        };
    }

    public void Complete(bool succeeded, string? providerReference, DateTimeOffset now)
    {
        if (Status != RefundStatus.Pending)
        {
            return;
        }

        Status = succeeded ? RefundStatus.Succeeded : RefundStatus.Failed;
        ProviderReference = providerReference;
        CompletedAt = now;
    }
}
