namespace Storefront.Domain.Common;

/// <summary>
/// A staff action in a store's audit trail: who (and in which role) did what to which record, the changed fields before →
/// after, when, and in which request. Seq, PrevHash and Hash are set by the database's trigger as the entry joins the
/// store's hash chain (<see cref="AuditChain"/>), whatever was sent; an entry is never changed afterwards.
/// </summary>
public sealed class AuditEntry : ITenantOwned
{
    private AuditEntry()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public Guid? ActorId { get; private set; }

    /// <summary>The actor's roles in the store (comma-separated), "PlatformAdmin", or null for the system.</summary>
    public string? Role { get; private set; }

    public string Action { get; private set; } = "";

    /// <summary>The record acted on (an id, an order number, an e-mail for a sign-in).</summary>
    public string EntityId { get; private set; } = "";

    public string Details { get; private set; } = "";

    /// <summary>JSON: the changed records, each with its fields before → after (<see cref="AuditChange"/>).</summary>
    public string Changes { get; private set; } = "[]";

    public string? RequestId { get; private set; }

    /// <summary>Position in the store's chain, from 1.</summary>
    public long Seq { get; private set; }

    public string PrevHash { get; private set; } = "";

    public string Hash { get; private set; } = "";

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

    /// <summary>Fills in the actor's role and the request, where the writer did not.</summary>
    public AuditEntry Stamp(string? role, string? requestId)
    {
        Role ??= role;
        RequestId ??= requestId;
        return this;
    }

    /// <summary>Records the changed fields (JSON), where the writer did not.</summary>
    public AuditEntry Describe(string changes)
    {
        if (Changes == "[]")
        {
            Changes = changes;
        }

        return this;
    }
}

/// <summary>One record a command changed: its kind, key, state (Added, Modified, Deleted) and fields as [before, after].</summary>
public sealed record AuditChange(string Entity, string Key, string State, IReadOnlyDictionary<string, string?[]> Fields);
