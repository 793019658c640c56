using Storefront.Domain.Common;

namespace Storefront.Domain.Members;

public enum PointsEntryKind
{
    /// <summary>Earned when an order completed (positive; expires).</summary>
    Earned,

    /// <summary>Spent at checkout (negative).</summary>
    Redeemed,

    /// <summary>Spent points given back when the order was cancelled or refunded (positive).</summary>
    Returned,

    /// <summary>Earned points taken back after a refund (negative).</summary>
    Reversed,

    /// <summary>Points past their expiry (negative).</summary>
    Expired,

    /// <summary>An operator's correction, with a reason.</summary>
    Adjusted,
}

/// <summary>
/// One line of a shopper's points ledger (积分明细), readable by the shopper and the operator. Positive entries that can
/// expire keep <see cref="Remaining"/> (what is left of them after spending, oldest-expiring first) and
/// <see cref="ExpiresAt"/>.
/// </summary>
public sealed class PointsEntry : ITenantOwned
{
    public const int NoteMaxLength = 200;

    private PointsEntry()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public Guid ShopperId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public PointsEntryKind Kind { get; private set; }

    /// <summary>Signed: positive adds to the balance.</summary>
    public int Points { get; private set; }

    /// <summary>For positive entries: points not yet spent or expired.</summary>
    public int Remaining { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public Guid? OrderId { get; private set; }

    public string Note { get; private set; } = "";

    public static PointsEntry Create(
        Guid tenantId, Guid shopperId, PointsEntryKind kind, int points, Guid? orderId, string? note, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (points == 0)
        {
            throw new DomainException("points.zero", "积分变动不能为 0。");
        }

        var positive = kind is PointsEntryKind.Earned or PointsEntryKind.Returned || (kind == PointsEntryKind.Adjusted && points > 0);
        if (positive != (points > 0))
        {
            throw new ArgumentException($"A {kind} entry cannot be {points}.", nameof(points));
        }

        note = (note ?? "").Trim();
        if (note.Length > NoteMaxLength)
        {
            throw new DomainException("points.note", $"说明不超过 {NoteMaxLength} 个字符。");
        }

        return new PointsEntry
        {
            TenantId = tenantId,
            Id = Guid.CreateVersion7(now),
            ShopperId = shopperId,
            At = now,
            Kind = kind,
            Points = points,
            Remaining = positive ? points : 0,
            ExpiresAt = positive ? expiresAt : null,
            OrderId = orderId,
            Note = note,
        };
    }

    /// <summary>Takes up to <paramref name="points"/> from what is left of this entry; returns how many it took.</summary>
    public int Consume(int points)
    {
        var taken = Math.Min(points, Remaining);
        Remaining -= taken;
        return taken;
    }
}
