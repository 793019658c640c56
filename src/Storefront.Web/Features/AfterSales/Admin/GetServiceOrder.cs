using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Features.Ordering.Admin;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.AfterSales.Admin;

/// <summary>
/// The order behind an after-sales case or a complaint, for after-sales staff (customer service included) to read: the
/// same view as the order screen's (GetOrder), but only for an order some case or complaint is about (any other is 404),
/// and through a read-only page: the order's commands stay with Orders staff (403 for the others).
/// </summary>
public static class GetServiceOrder
{
    public sealed record Query(string Number) : IRequest<GetOrder.Detail>;

    internal sealed class Handler(StorefrontDb db, IMediator mediator) : IRequestHandler<Query, GetOrder.Detail>
    {
        public async Task<GetOrder.Detail> Handle(Query request, CancellationToken cancellationToken)
        {
            var number = (request.Number ?? "").Trim();
            var behindCase = await db.AfterSalesCases.AnyAsync(c => c.OrderNumber == number, cancellationToken)
                || await db.Complaints.AnyAsync(c => c.OrderNumber == number, cancellationToken);
            if (!behindCase)
            {
                throw new NotFoundException("order", OrderingText.NotFound);
            }

            return await mediator.Send(new GetOrder.Query(number), cancellationToken);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/after-sales/orders/{number}", async (string number, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new Query(number), ct)))
            .RequireAuthorization(Policies.AfterSales).WithTags("Admin after-sales").ProducesProblem(StatusCodes.Status404NotFound);
}
