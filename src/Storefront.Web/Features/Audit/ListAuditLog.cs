using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Audit;

/// <summary>
/// The Owner's view of the store's audit trail, newest first: who (and in which role) did what to which record, the
/// fields before → after, when. Filters: staff (e-mail or name contains), action (contains), record (exact) and store days
/// (both ends included); paged, the total counted up to <see cref="CountCap"/>.
/// </summary>
public static class ListAuditLog
{
    public const int CountCap = 10_000;

    public sealed record Query(
        int Skip = 0,
        int Take = 20,
        string? Staff = null,
        string? Action = null,
        string? Target = null,
        DateOnly? From = null,
        DateOnly? To = null) : IRequest<Page>;

    public sealed record Page(IReadOnlyList<Row> Items, int Total, bool TotalCapped = false);

    public sealed record Row(
        long Seq,
        DateTimeOffset At,
        Guid? ActorId,
        string? ActorEmail,
        string? Role,
        string Action,
        string Target,
        string Details,
        string Changes,
        string? RequestId);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Staff).MaximumLength(254).WithName(_ => AuditText.Staff);
            RuleFor(q => q.Action).MaximumLength(100).WithName(_ => AuditText.Action);
            RuleFor(q => q.Target).MaximumLength(254).WithName(_ => AuditText.Target);
            RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
                .WithMessage(_ => AuditText.DateRangeInvalid);
        }
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant) : IRequestHandler<Query, Page>
    {
        public async Task<Page> Handle(Query request, CancellationToken cancellationToken)
        {
            var entries = Filter(db, tenant.Store, request);
            var rows = await Rows(db, entries.OrderByDescending(a => a.Seq))
                .Skip(Math.Max(0, request.Skip)).Take(Math.Clamp(request.Take, 1, 200))
                .ToListAsync(cancellationToken);
            var counted = await entries.OrderByDescending(a => a.Seq).Take(CountCap + 1).CountAsync(cancellationToken);
            return new Page(rows, Math.Min(counted, CountCap), counted > CountCap);
        }
    }

    /// <summary>
    /// The filters of <paramref name="request"/> over the store's entries (the grid and the CSV export share them); the
    /// days are the <paramref name="store"/>'s, in its time zone.
    /// </summary>
    internal static IQueryable<AuditEntry> Filter(StorefrontDb db, StoreInfo? store, Query request)
    {
        var entries = db.AuditLog.AsNoTracking();
        if (request.Staff?.Trim() is { Length: > 0 } staff)
        {
            var pattern = "%" + ListProducts.EscapeLike(staff) + "%";
            var ids = db.StaffAccounts.Where(s => EF.Functions.ILike(s.Email, pattern, "\\") || EF.Functions.ILike(s.DisplayName, pattern, "\\"))
                .Select(s => (Guid?)s.Id);
            entries = entries.Where(a => ids.Contains(a.ActorId) || EF.Functions.ILike(a.EntityId, pattern, "\\"));
        }

        if (request.Action?.Trim() is { Length: > 0 } action)
        {
            entries = entries.Where(a => EF.Functions.ILike(a.Action, "%" + ListProducts.EscapeLike(action) + "%", "\\"));
        }

        if (request.Target?.Trim() is { Length: > 0 } target)
        {
            entries = entries.Where(a => a.EntityId == target);
        }

        if (request.From is { } from)
        {
            var start = StoreTime.StartOfDay(store, from);
            entries = entries.Where(a => a.At >= start);
        }

        if (request.To is { } to)
        {
            var end = StoreTime.StartOfDay(store, to.AddDays(1));
            entries = entries.Where(a => a.At < end);
        }

        return entries;
    }

    internal static IQueryable<Row> Rows(StorefrontDb db, IQueryable<AuditEntry> entries) =>
        entries.Select(a => new Row(a.Seq, a.At, a.ActorId, db.StaffAccounts.Where(s => s.Id == a.ActorId).Select(s => s.Email).FirstOrDefault(),
            a.Role, a.Action, a.EntityId, a.Details, a.Changes, a.RequestId));

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/audit", async (IMediator m, CancellationToken ct, int skip = 0, int take = 20, string? staff = null, string? action = null,
                string? target = null, DateOnly? from = null, DateOnly? to = null) =>
            TypedResults.Ok(await m.Send(new Query(skip, take, staff, action, target, from, to), ct)))
            .RequireAuthorization(Policies.StoreOwner).WithTags("Admin audit").ProducesValidationProblem();
}
