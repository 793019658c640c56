using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Storefront.Domain.Common;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Infrastructure.Data;

/// <summary>
/// The audit record of one staff command (AuditBehavior): the actor's role and the request, and what the command changed,
/// read from EF's change tracker at every save of the command's transaction (before → after of each changed field).
/// Entries the handler wrote itself are stamped with the role and request and carry the changes; a command that wrote
/// none gets one entry named after it. Values of personal or secret fields are never copied (docs/decisions/0037).
/// </summary>
public sealed class AuditScope(string? role, string requestId)
{
    private const int MaxRecords = 100;
    private const int MaxFields = 30;
    private const int MaxValueLength = 200;

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Whose fields are personal data (kept out of the trail, which is never erased): only that they changed shows.</summary>
    private static readonly HashSet<string> PersonalEntities =
        ["Shopper", "ShopperAddress", "ShippingAddress", "OutboxMessage", "StaffAccount", "StaffInvitation"];

    private static readonly string[] SecretFields = ["password", "stamp", "token", "secret", "hash", "phone", "street", "email"];

    private readonly List<AuditChange> _saved = [];
    private int _omitted;
    private bool _wroteEntry;

    public string? Role => role;

    public string RequestId => requestId;

    /// <summary>Called by StorefrontDb before each save: stamps the audit entries written and keeps what the save changes.</summary>
    internal void Saving(DbContext db) => _wroteEntry |= Collect(db, _saved).Count > 0;

    /// <summary>After the handler, before the transaction's last save: the command's entry, or the handler's own completed.</summary>
    internal void Complete(DbContext db, object request, Guid storeId, Guid? actorId, DateTimeOffset now)
    {
        var changes = new List<AuditChange>(_saved);
        var written = Collect(db, changes);
        var json = Serialize(changes);
        if (written.Count > 0)
        {
            written[0].Describe(json);
            return;
        }

        if (_wroteEntry)
        {
            return;
        }

        var entry = AuditEntry.Record(storeId, actorId, ActionOf(request), TargetOf(request, changes), Describe(request), now).Stamp(role, requestId);
        db.Add(entry.Describe(json));
    }

    private List<AuditEntry> Collect(DbContext db, List<AuditChange> into)
    {
        List<AuditEntry> written = [];
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.Entity is AuditEntry audit)
            {
                if (entry.State == EntityState.Added)
                {
                    audit.Stamp(role, requestId);
                    written.Add(audit);
                }
            }
            else if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                if (into.Count < MaxRecords)
                {
                    into.Add(Change(entry));
                }
                else
                {
                    _omitted++;
                }
            }
        }

        return written;
    }

    private string Serialize(List<AuditChange> changes)
    {
        if (changes.Count == 0)
        {
            return "[]";
        }

        if (_omitted > 0)
        {
            changes.Add(new AuditChange("…", $"+{_omitted}", "Omitted", new Dictionary<string, string?[]>()));
        }

        return JsonSerializer.Serialize(changes, Json);
    }

    private static AuditChange Change(EntityEntry entry)
    {
        var type = entry.Metadata.ClrType.Name;
        var personal = PersonalEntities.Contains(type);
        var keys = entry.Metadata.FindPrimaryKey()?.Properties ?? [];
        var key = string.Join("/", keys.Where(k => k.Name != nameof(ITenantOwned.TenantId)).Select(k => Format(entry.Property(k.Name).CurrentValue)));
        var fields = new Dictionary<string, string?[]>();
        foreach (var property in entry.Properties)
        {
            if (fields.Count >= MaxFields || property.Metadata.IsPrimaryKey())
            {
                continue;
            }

            var name = property.Metadata.Name;
            string?[]? value = entry.State switch
            {
                EntityState.Modified when property.IsModified && !Equals(property.OriginalValue, property.CurrentValue) =>
                    [Format(property.OriginalValue), Format(property.CurrentValue)],
                EntityState.Added when property.CurrentValue is not null => [null, Format(property.CurrentValue)],
                EntityState.Deleted when property.OriginalValue is not null => [Format(property.OriginalValue), null],
                _ => null,
            };
            if (value is not null)
            {
                fields[name] = personal || IsSecret(name) ? [value[0] is null ? null : "***", value[1] is null ? null : "***"] : value;
            }
        }

        return new AuditChange(type, key, entry.State.ToString(), fields);
    }

    private static bool IsSecret(string name) => SecretFields.Any(s => name.Contains(s, StringComparison.OrdinalIgnoreCase));

    private static string? Format(object? value)
    {
        var text = value switch
        {
            null => null,
            string s => s,
            DateTimeOffset d => d.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => Serialized(value),
        };
        return text is { Length: > MaxValueLength } ? text[..MaxValueLength] + "…" : text;
    }

    private static string Serialized(object value)
    {
        try
        {
            return JsonSerializer.Serialize(value, Json);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or JsonException)
        {
            return value.GetType().Name;
        }
    }

    /// <summary>The use case's name (AdjustStock.Command → AdjustStock).</summary>
    internal static string ActionOf(object request) => request.GetType().DeclaringType?.Name ?? request.GetType().Name;

    /// <summary>The request's own id, number or slug; else the first record it changed.</summary>
    private static string TargetOf(object request, List<AuditChange> changes)
    {
        foreach (var property in SimpleProperties(request))
        {
            if (property.Name is "Id" or "Number" or "OrderNumber" or "Slug" || property.Name.EndsWith("Id", StringComparison.Ordinal))
            {
                if (Format(property.GetValue(request)) is { Length: > 0 } target)
                {
                    return target;
                }
            }
        }

        return changes.Count > 0 ? changes[0].Key : "";
    }

    /// <summary>The request's plain fields as JSON (secrets and personal fields masked, files and nested objects left out).</summary>
    private static string Describe(object request)
    {
        var fields = new Dictionary<string, string?>();
        foreach (var property in SimpleProperties(request))
        {
            var value = Format(property.GetValue(request));
            fields[property.Name] = value is not null && IsSecret(property.Name) ? "***" : value;
        }

        return JsonSerializer.Serialize(fields, Json);
    }

    private static IEnumerable<PropertyInfo> SimpleProperties(object request) =>
        request.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && IsSimple(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType));

    private static bool IsSimple(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid)
        || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(DateOnly) || type == typeof(TimeOnly);
}

/// <summary>Who acts, as the audit trail names them: the staff member's roles in the store, and the request.</summary>
public static class AuditActor
{
    public static bool IsStaff(ClaimsPrincipal user) => user.FindFirstValue(StoreClaims.Kind) == "staff" && user.UserId() is not null;

    /// <summary>The roles held at the store the principal signed in at (comma-separated), or PlatformAdmin.</summary>
    public static string? Role(ClaimsPrincipal user)
    {
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal).ToList();
        if (roles.Count > 0)
        {
            return string.Join(",", roles);
        }

        return user.FindFirstValue(StoreClaims.PlatformAdmin) == "true" ? "PlatformAdmin" : null;
    }

    /// <summary>The HTTP request's id (as the logs carry it); an interactive page's operation gets one of its own.</summary>
    public static string RequestId(IHttpContextAccessor http) =>
        http.HttpContext?.TraceIdentifier ?? Activity.Current?.TraceId.ToHexString() ?? Guid.CreateVersion7().ToString("N");
}
