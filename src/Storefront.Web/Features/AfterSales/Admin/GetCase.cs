using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.AfterSales.Admin;

/// <summary>One case for the staff, with its timeline, the shopper's e-mail and the order's total and refunds so far.</summary>
public static class GetCase
{
    public sealed record Query(Guid Id) : IRequest<Detail>;

    public sealed record Detail(CaseView Case, string? ShopperEmail, decimal OrderTotal, decimal OrderRefunded, string StoreReturnAddress,
        IReadOnlyList<ExchangeOption> ExchangeOptions);

    public sealed record ExchangeOption(Guid SkuId, string SpecText, int Available);

    internal sealed class Handler(StorefrontDb db, TimeProvider clock) : IRequestHandler<Query, Detail>
    {
        public async Task<Detail> Handle(Query request, CancellationToken cancellationToken)
        {
            var @case = await db.AfterSalesCases.AsNoTracking().Include(c => c.Events).SingleOrDefaultAsync(c => c.Id == request.Id, cancellationToken)
                ?? throw new NotFoundException("aftersales", AfterSalesText.NotFound);
            var order = await db.Orders.AsNoTracking()
                .Where(o => o.Id == @case.OrderId)
                .Select(o => new { o.Total, o.RefundedAmount })
                .SingleAsync(cancellationToken);
            var email = await db.Shoppers.AsNoTracking().Where(s => s.Id == @case.ShopperId).Select(s => s.Email).SingleOrDefaultAsync(cancellationToken);
            var address = await db.Stores.AsNoTracking().Where(s => s.Id == @case.TenantId).Select(s => s.ReturnAddress).SingleAsync(cancellationToken);
            var options = (await db.Skus.AsNoTracking().Where(s => s.ProductId == @case.ProductId).ToListAsync(cancellationToken))
                .Select(s => new ExchangeOption(s.Id, s.SpecText, s.Available)).ToList();
            return new Detail(CaseView.From(@case, clock.GetUtcNow()), email, order.Total, order.RefundedAmount, address, options);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet(
            "/admin/after-sales/{id:guid}",
            async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new Query(id), ct)))
            .RequireAuthorization(Policies.AfterSales).WithTags("Admin after-sales").ProducesProblem(StatusCodes.Status404NotFound);
}
