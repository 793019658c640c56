using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Members;
using Storefront.Domain.Ordering;
using Storefront.Domain.Privacy;
using Storefront.Domain.Promotions;
using Storefront.Domain.Reviews;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Privacy;

/// <summary>
/// A copy of everything the store holds about the signed-in shopper (PIPL's right to a copy), as JSON: profile,
/// addresses, orders with lines, parcels, timeline, payments and refunds, after-sales cases, complaints, reviews, member
/// standing and points, coupons, consent history. Only this shopper's rows of this store (both guards apply as ever).
/// </summary>
public static class ExportMyData
{
    public sealed record Query : IRequest<Result>;

    public sealed record Result(
        DateTimeOffset ExportedAt,
        Profile Profile,
        IReadOnlyList<ShopperAddress> Addresses,
        IReadOnlyList<OrderCopy> Orders,
        IReadOnlyList<AfterSalesCase> AfterSalesCases,
        IReadOnlyList<Complaint> Complaints,
        IReadOnlyList<Review> Reviews,
        MemberAccount? Member,
        IReadOnlyList<PointsEntry> Points,
        IReadOnlyList<CouponCopy> Coupons,
        IReadOnlyList<ConsentRecord> Consents);

    public sealed record Profile(
        Guid Id, string Email, string DisplayName, DateTimeOffset CreatedAt, int? PrivacyPolicyVersion, DateTimeOffset? PrivacyAcceptedAt, bool MarketingOptIn);

    public sealed record OrderCopy(Order Order, IReadOnlyList<Payment> Payments, IReadOnlyList<Refund> Refunds);

    public sealed record CouponCopy(string CouponName, ShopperCoupon Copy);

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var id = user.RequiredId;
            var ct = cancellationToken;
            var profile = await db.Shoppers.AsNoTracking().Where(s => s.Id == id)
                .Select(s => new Profile(s.Id, s.Email, s.DisplayName, s.CreatedAt, s.PrivacyPolicyVersion, s.PrivacyAcceptedAt, s.MarketingOptIn))
                .SingleAsync(ct);
            var orders = await db.Orders.AsNoTracking().AsSplitQuery().Where(o => o.ShopperId == id)
                .Include(o => o.Lines).Include(o => o.Shipments).Include(o => o.Events)
                .OrderBy(o => o.PlacedAt).ToListAsync(ct);
            var orderIds = orders.Select(o => o.Id).ToList();
            var payments = (await db.Payments.AsNoTracking().Where(p => orderIds.Contains(p.OrderId)).OrderBy(p => p.CreatedAt).ToListAsync(ct))
                .ToLookup(p => p.OrderId);
            var refunds = (await db.Refunds.AsNoTracking().Where(r => orderIds.Contains(r.OrderId)).OrderBy(r => r.CreatedAt).ToListAsync(ct))
                .ToLookup(r => r.OrderId);
            var coupons = await db.ShopperCoupons.AsNoTracking().Where(c => c.ShopperId == id).OrderBy(c => c.ClaimedAt)
                .Join(db.Coupons.AsNoTracking(), c => c.CouponId, k => k.Id, (c, k) => new CouponCopy(k.Name, c)).ToListAsync(ct);
            return new Result(
                clock.GetUtcNow(),
                profile,
                await db.Addresses.AsNoTracking().Where(a => a.ShopperId == id).OrderBy(a => a.UpdatedAt).ToListAsync(ct),
                [.. orders.Select(o => new OrderCopy(o, [.. payments[o.Id]], [.. refunds[o.Id]]))],
                await db.AfterSalesCases.AsNoTracking().Include(c => c.Events).Where(c => c.ShopperId == id).OrderBy(c => c.RequestedAt).ToListAsync(ct),
                await db.Complaints.AsNoTracking().Where(c => c.ShopperId == id).OrderBy(c => c.CreatedAt).ToListAsync(ct),
                await db.Reviews.AsNoTracking().Where(r => r.ShopperId == id).OrderBy(r => r.CreatedAt).ToListAsync(ct),
                await db.MemberAccounts.AsNoTracking().SingleOrDefaultAsync(m => m.ShopperId == id, ct),
                await db.PointsEntries.AsNoTracking().Where(p => p.ShopperId == id).OrderBy(p => p.At).ToListAsync(ct),
                coupons,
                await db.ConsentRecords.AsNoTracking().Where(c => c.ShopperId == id).OrderBy(c => c.At).ToListAsync(ct));
        }
    }

    /// <summary>JSON, offered as a file (my-data.json) so the account page's link downloads it.</summary>
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/account/export", async (IMediator m, HttpContext http, CancellationToken ct) =>
        {
            var result = await m.Send(new Query(), ct);
            http.Response.Headers.ContentDisposition = "attachment; filename=\"my-data.json\"";
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(result);
        }).RequireAuthorization(Policies.Shopper).WithTags("Account");
}
