using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Domain.Ordering.Risk;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Ordering.Risk;

/// <summary>The 风控 review queue: the store's held orders (待审核, not cancelled), newest first, with their score and reasons.</summary>
public static class ListHeldOrders
{
    public const int MaxRows = 200;

    public sealed record Query : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(
        string Number, DateTimeOffset PlacedAt, OrderStatus Status, decimal Total, int RiskScore, IReadOnlyList<RiskReason> Reasons)
    {
        /// <summary>The reasons in the reader's language, one line each.</summary>
        public IReadOnlyList<string> Explained => [.. Reasons.Select(RiskScoring.Describe)];
    }

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken) =>
            await db.Orders.AsNoTracking()
                .Where(o => o.RiskReview == RiskReview.Pending && o.Status != OrderStatus.Cancelled)
                .OrderByDescending(o => o.PlacedAt).Take(MaxRows)
                .Select(o => new Row(o.Number, o.PlacedAt, o.Status, o.Total, o.RiskScore, o.RiskReasons))
                .ToListAsync(cancellationToken);
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/orders/risk-review", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Orders).WithTags("Admin orders");
}
