using System.Text.Json;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Pricing;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Promotions.Admin;

/// <summary>
/// What the operators' promotion use cases share: the audit entry every change writes, the store's wall clock (Beijing
/// time, as the promotion times are entered), and the checks of a scope against the store's own categories and products
/// (an id from another store is refused like one that does not exist).
/// </summary>
internal static class PromotionAdmin
{
    public static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static void Audit(StorefrontDb db, Guid? actorId, string action, Guid entityId, object details, DateTimeOffset now) =>
        db.AuditLog.Add(AuditEntry.Record(db.TenantId!.Value, actorId, action, entityId.ToString(), JsonSerializer.Serialize(details, Json), now));

    /// <summary>Whole minutes, Beijing time: how a time is shown on the admin pages.</summary>
    public static DateTime ToLocal(DateTimeOffset at) => at.ToOffset(Beijing).DateTime;

    public static DateTimeOffset FromLocal(DateTime local) => new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Beijing).ToUniversalTime();

    /// <summary>A time an operator could mean (years 2000–2100); a missing time arrives as year 1.</summary>
    public static bool IsSensibleTime(DateTimeOffset at) => at.UtcDateTime.Year is >= 2000 and <= 2100;

    public static bool IsMoney(decimal amount) => amount > 0 && amount <= Money.MaxAmount && Money.HasAtMostTwoDecimals(amount);

    public static bool IsRate(decimal rate) => rate > 0 && rate < 1 && Money.HasAtMostTwoDecimals(rate);

    /// <summary>The scope's ids exist in this store (the query filter hides other stores' rows).</summary>
    public static async Task<bool> ScopeExistsAsync(StorefrontDb db, ScopeKind kind, IReadOnlyCollection<Guid>? ids, CancellationToken ct)
    {
        var list = (ids ?? []).Distinct().ToList();
        if (kind == ScopeKind.Store || list.Count == 0)
        {
            return true;
        }

        var found = kind == ScopeKind.Categories
            ? await db.Categories.CountAsync(c => list.Contains(c.Id), ct)
            : await db.Products.CountAsync(p => list.Contains(p.Id), ct);
        return found == list.Count;
    }

    public static IRuleBuilderOptions<T, string> PromotionName<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(n => !string.IsNullOrWhiteSpace(n) && n.Trim().Length <= 40).WithMessage(_ => Text.PaNameRule);
}
