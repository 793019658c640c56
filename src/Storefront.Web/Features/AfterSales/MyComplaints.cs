using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.AfterSales;

/// <summary>The signed-in shopper's complaints, newest first, and one of them with every reply (someone else's is not found).</summary>
public static class MyComplaints
{
    public sealed record ListQuery : IRequest<IReadOnlyList<ComplaintView>>;

    public sealed record Query(Guid Id) : IRequest<ComplaintView>;

    internal sealed class ListHandler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<ListQuery, IReadOnlyList<ComplaintView>>
    {
        public async Task<IReadOnlyList<ComplaintView>> Handle(ListQuery request, CancellationToken cancellationToken)
        {
            var shopperId = user.RequiredId;
            var now = clock.GetUtcNow();
            var complaints = await db.Complaints.AsNoTracking().Where(c => c.ShopperId == shopperId)
                .OrderByDescending(c => c.CreatedAt).Take(100).ToListAsync(cancellationToken);
            return [.. complaints.Select(c => ComplaintView.Of(c, now))];
        }
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Query, ComplaintView>
    {
        public async Task<ComplaintView> Handle(Query request, CancellationToken cancellationToken)
        {
            var shopperId = user.RequiredId;
            var complaint = await db.Complaints.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.Id && c.ShopperId == shopperId, cancellationToken)
                ?? throw new NotFoundException("complaint", AfterSalesText.ComplaintNotFound);
            return ComplaintView.Of(complaint, clock.GetUtcNow());
        }
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/after-sales/complaints", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListQuery(), ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("Complaints");
        api.MapGet(
            "/after-sales/complaints/{id:guid}",
            async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new Query(id), ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("Complaints").ProducesProblem(StatusCodes.Status404NotFound);
    }
}
