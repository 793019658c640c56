namespace Storefront.Domain.Common;

/// <summary>A staff action that changed money, stock, prices or roles: who did what to which thing, and when.</summary>
public sealed class AuditEntry : ITenantOwned
{
    private AuditEntry()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public Guid? ActorId { get; private set; }

    public string Action { get; private set; } = "";

    public string EntityId { get; private set; } = "";

    public string Details { get; private set; } = "";

    public static AuditEntry Record(Guid tenantId, Guid? actorId, string action, string entityId, string details, DateTimeOffset now) => new()
    {
        TenantId = tenantId,
        Id = Guid.CreateVersion7(now),
        At = now,
        ActorId = actorId,
        Action = action,
        EntityId = entityId,
        Details = details,
    };
}
