using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Insight;
using Storefront.Domain.Privacy;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight.Customers;

/// <summary>
/// The buyers of one RFM group (or of all, with their group), biggest spenders first: e-mail, name, tier, last paid day,
/// paid orders and amount in the window, and the phone of their address book masked (138****5678; issue 19).
/// </summary>
public static class ListSegmentMembers
{
    public const int PageSize = 50;

    public sealed record Query(RfmSegment? Segment, int Page = 1) : IRequest<Result>;

    public sealed record Row(Guid ShopperId, string Email, string DisplayName, string Phone, string? Tier, RfmSegment Segment, DateOnly LastDay,
        int DaysSinceLast, int Orders, decimal Amount);

    public sealed record Result(RfmSegment? Segment, int Total, int Page, int PageSize, IReadOnlyList<Row> Rows);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Segment).IsInEnum();
            RuleFor(q => q.Page).InclusiveBetween(1, 100_000).WithMessage(_ => CustomersText.PageRange);
        }
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var all = await MembersAsync(db, tenant, clock, request.Segment, cancellationToken);
            var page = all.OrderByDescending(b => b.Amount).ThenBy(b => b.ShopperId).Skip((request.Page - 1) * PageSize).Take(PageSize).ToList();
            return new Result(request.Segment, all.Count, request.Page, PageSize, await RowsAsync(db, page, cancellationToken));
        }
    }

    internal static async Task<List<RfmBuyers.Scored>> MembersAsync(StorefrontDb db, TenantContext tenant, TimeProvider clock, RfmSegment? segment,
        CancellationToken ct)
    {
        var (_, buyers) = await RfmBuyers.ScoreAsync(db, tenant, clock.GetUtcNow(), ct);
        return [.. buyers.Where(b => segment is null || b.Segment == segment)];
    }

    /// <summary>The shoppers' names, tiers and masked phones for buyers already chosen (at most a page or an export batch).</summary>
    internal static async Task<List<Row>> RowsAsync(StorefrontDb db, IReadOnlyList<RfmBuyers.Scored> buyers, CancellationToken ct)
    {
        var ids = buyers.Select(b => b.ShopperId).ToList();
        var people = await (from s in db.Shoppers.AsNoTracking()
                            where ids.Contains(s.Id)
                            join m in db.MemberAccounts.AsNoTracking() on s.Id equals m.ShopperId into ms
                            from m in ms.DefaultIfEmpty()
                            join t in db.MemberTiers.AsNoTracking() on m.TierId equals t.Id into ts
                            from t in ts.DefaultIfEmpty()
                            select new { s.Id, s.Email, s.DisplayName, Tier = t.Name }).ToDictionaryAsync(p => p.Id, ct);
        var phones = (await db.Addresses.AsNoTracking().Where(a => ids.Contains(a.ShopperId))
                .OrderByDescending(a => a.IsDefault).ThenByDescending(a => a.UpdatedAt)
                .Select(a => new { a.ShopperId, a.Address.Phone }).ToListAsync(ct))
            .GroupBy(a => a.ShopperId).ToDictionary(g => g.Key, g => g.First().Phone);
        return [.. buyers.Select(b =>
        {
            var person = people.GetValueOrDefault(b.ShopperId);
            var phone = phones.GetValueOrDefault(b.ShopperId) is { Length: > 0 } p ? PersonalData.MaskPhone(p) : "";
            return new Row(b.ShopperId, person?.Email ?? "", person?.DisplayName ?? "", phone, person?.Tier, b.Segment, b.LastDay, b.DaysSinceLast,
                b.Orders, b.Amount);
        })];
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/insight/customers/members", async (IMediator m, CancellationToken ct, [FromQuery] RfmSegment? segment = null,
                [FromQuery] int? page = null) => TypedResults.Ok(await m.Send(new Query(segment, page ?? 1), ct)))
            .RequireAuthorization(Policies.Insight).WithTags("Admin insight").ProducesValidationProblem();
}
