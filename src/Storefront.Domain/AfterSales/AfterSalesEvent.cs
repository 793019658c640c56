using Storefront.Domain.Common;
using Storefront.Domain.Ordering;

namespace Storefront.Domain.AfterSales;

/// <summary>One entry of a case's timeline: a move (from → to) or a note on the way (return tracking entered), with when, who and why.</summary>
public sealed class AfterSalesEvent : ITenantOwned
{
    private AfterSalesEvent()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>requested, approved, auto-approved, rejected, withdrawn, return-shipped, received, requoted, refunded, exchange-shipped, closed.</summary>
    public string Kind { get; private set; } = "";

    public AfterSalesStatus? FromStatus { get; private set; }

    public AfterSalesStatus? ToStatus { get; private set; }

    public ActorKind ActorKind { get; private set; }

    public Guid? ActorId { get; private set; }

    public string Reason { get; private set; } = "";

    internal static AfterSalesEvent Create(
        AfterSalesCase @case, string kind, AfterSalesStatus? from, AfterSalesStatus? to, OrderActor actor, string reason, DateTimeOffset at) => new()
        {
            TenantId = @case.TenantId,
            Id = Guid.CreateVersion7(at),
            CaseId = @case.Id,
            At = at,
            Kind = kind,
            FromStatus = from,
            ToStatus = to,
            ActorKind = actor.Kind,
            ActorId = actor.Id,
            Reason = reason,
        };
}
