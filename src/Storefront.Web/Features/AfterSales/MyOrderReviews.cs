using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Domain.Reviews;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.AfterSales;

/// <summary>
/// The lines of one of the shopper's orders with their reviews: what can be reviewed now, what was reviewed (with the
/// merchant's reply and the follow-up), and a hidden review's reason (the shopper is told). Someone else's order is not found.
/// </summary>
public static class MyOrderReviews
{
    public sealed record Query(string Number) : IRequest<Result>;

    public sealed record Result(string Number, OrderStatus Status, bool CanReview, IReadOnlyList<Line> Lines);

    public sealed record Line(Guid LineId, string ProductName, string ProductSlug, string SpecText, string? Image, int Quantity, MyReview? Review);

    public sealed record MyReview(
        Guid Id, int Stars, string Text, IReadOnlyList<string> Photos, bool Anonymous, DateTimeOffset CreatedAt,
        string? FollowUpText, IReadOnlyList<string> FollowUpPhotos, DateTimeOffset? FollowUpAt, bool CanFollowUp,
        string? MerchantReply, DateTimeOffset? MerchantReplyAt, bool Hidden, string? HiddenReason, DateTimeOffset? HiddenAt);

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var shopperId = user.RequiredId;
            var order = await db.Orders.AsNoTracking().Include(o => o.Lines)
                .SingleOrDefaultAsync(o => o.Number == request.Number && o.ShopperId == shopperId, cancellationToken)
                ?? throw new NotFoundException("order", OrderingText.OrderNotFound);
            var reviews = await db.Reviews.AsNoTracking().Where(r => r.OrderId == order.Id).ToDictionaryAsync(r => r.OrderLineId, cancellationToken);
            var now = clock.GetUtcNow();
            var lines = order.Lines.OrderBy(l => l.Position)
                .Select(l => new Line(l.Id, l.ProductName, l.ProductSlug, l.SpecText, Catalog.ProductImages.Url(l.Image), l.Quantity,
                    reviews.GetValueOrDefault(l.Id) is { } r ? View(r, now) : null)).ToList();
            return new Result(order.Number, order.Status, order.Status == OrderStatus.Completed, lines);
        }

        private static MyReview View(Review r, DateTimeOffset now) => new(
            r.Id, r.Stars, r.Text, [.. r.Photos.Select(ReviewRules.Url)], r.Anonymous, r.CreatedAt,
            r.FollowUpText, [.. r.FollowUpPhotos.Select(ReviewRules.Url)], r.FollowUpAt,
            r.FollowUpAt is null && now > r.CreatedAt && now < r.CreatedAt.AddDays(Review.FollowUpDays),
            r.MerchantReply, r.MerchantReplyAt, r.Hidden, r.HiddenReason, r.HiddenAt);
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/orders/{number}/reviews", async (string number, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new Query(number), ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("Reviews").ProducesProblem(StatusCodes.Status404NotFound);
}
