using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.AfterSales.Admin;

/// <summary>
/// The review moderation list (评价管理): newest first, filtered by product name, stars, hidden or not, replied or not;
/// each with the order, the SKU, the shopper's real name (staff see it even when anonymous), reply and hiding.
/// </summary>
public static class ListReviews
{
    public sealed record Query(string? Product = null, int? Stars = null, bool? Hidden = null, bool? Replied = null, int Skip = 0, int Take = 20)
        : IRequest<Result>;

    public sealed record Result(int Total, IReadOnlyList<Row> Items);

    public sealed record Row(
        Guid Id, string OrderNumber, string ProductName, string ProductSlug, string SpecText, string Shopper, bool Anonymous, int Stars, string Text,
        IReadOnlyList<string> Photos, DateTimeOffset CreatedAt, string? FollowUpText, string? MerchantReply, bool Hidden, string? HiddenReason);

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var query = from r in db.Reviews.AsNoTracking()
                        join l in db.OrderLines.AsNoTracking() on r.OrderLineId equals l.Id
                        join o in db.Orders.AsNoTracking() on r.OrderId equals o.Id
                        join s in db.Shoppers.AsNoTracking() on r.ShopperId equals s.Id
                        select new { r, l.ProductName, l.ProductSlug, o.Number, s.DisplayName };
            if (!string.IsNullOrWhiteSpace(request.Product))
            {
                var like = "%" + request.Product.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
                query = query.Where(x => EF.Functions.ILike(x.ProductName, like));
            }

            if (request.Stars is { } stars)
            {
                query = query.Where(x => x.r.Stars == stars);
            }

            if (request.Hidden is { } hidden)
            {
                query = query.Where(x => x.r.Hidden == hidden);
            }

            if (request.Replied is { } replied)
            {
                query = query.Where(x => (x.r.MerchantReply != null) == replied);
            }

            var total = await query.CountAsync(cancellationToken);
            var rows = await query.OrderByDescending(x => x.r.CreatedAt).ThenBy(x => x.r.Id)
                .Skip(Math.Max(0, request.Skip)).Take(Math.Clamp(request.Take, 1, 100)).ToListAsync(cancellationToken);
            return new Result(total, [.. rows.Select(x => new Row(
                x.r.Id, x.Number, x.ProductName, x.ProductSlug, x.r.SpecText, x.DisplayName, x.r.Anonymous, x.r.Stars, x.r.Text,
                [.. x.r.Photos.Select(ReviewRules.Url)], x.r.CreatedAt, x.r.FollowUpText, x.r.MerchantReply, x.r.Hidden, x.r.HiddenReason))]);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet(
            "/admin/after-sales/reviews",
            async (string? product, int? stars, bool? hidden, bool? replied, int? skip, int? take, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new Query(product, stars, hidden, replied, skip ?? 0, take ?? 20), ct)))
            .RequireAuthorization(Policies.AfterSales).WithTags("Admin reviews");
}
