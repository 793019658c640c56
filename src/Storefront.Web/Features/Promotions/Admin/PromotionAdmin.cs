using System.Text.Json;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Pricing;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Promotions.Admin;

/// <summary>
/// What the operators' promotion use cases share: the audit entry every change writes (times are entered in the store's
/// zone, <see cref="Infrastructure.Tenancy.StoreTime"/>), and the checks of a scope against the store's own categories and products
/// (an id from another store is refused like one that does not exist).
/// </summary>
internal static class PromotionAdmin
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>
    /// The create/replace pair of an operator's save command: POST {path} creates (201 with its address), PUT {path}/{id}
    /// replaces (404 when unknown); the command carries the id (null: new).
    /// </summary>
    public static void MapSave<TCommand, TRow>(
        IEndpointRouteBuilder api, string path, string tag, Func<TCommand, Guid?, TCommand> withId, Func<TRow, Guid> idOf)
        where TCommand : IRequest<TRow>
    {
        api.MapPost(path, async ([FromBody] TCommand command, IMediator m, CancellationToken ct) =>
            {
                var row = await m.Send(withId(command, null), ct);
                return TypedResults.Created($"/api/v1{path}/{idOf(row)}", row);
            })
            .RequireAuthorization(Policies.Marketing).WithTags(tag).ProducesValidationProblem();
        api.MapPut(path + "/{id:guid}", async (Guid id, [FromBody] TCommand command, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(withId(command, id), ct)))
            .RequireAuthorization(Policies.Marketing).WithTags(tag).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static void Audit(StorefrontDb db, Guid? actorId, string action, Guid entityId, object details, DateTimeOffset now) =>
        db.AuditLog.Add(AuditEntry.Record(db.TenantId!.Value, actorId, action, entityId.ToString(), JsonSerializer.Serialize(details, Json), now));

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
        rule.Must(n => !string.IsNullOrWhiteSpace(n) && n.Trim().Length <= 40).WithMessage(_ => PromotionsText.NameRule);
}
