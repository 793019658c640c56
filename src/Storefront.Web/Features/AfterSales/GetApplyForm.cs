using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.AfterSales;

/// <summary>
/// What the application form (申请售后) needs for one line of the shopper's order: the product bought, how many units are
/// still free (bought less those in open or refunded cases), the SKUs of the same product to exchange to, and the line's
/// cases so far. The rules themselves are checked when the form is sent (<see cref="OpenCase"/>).
/// </summary>
public static class GetApplyForm
{
    public sealed record Query(string Number, Guid LineId) : IRequest<Form>;

    public sealed record Form(string OrderNumber, Guid LineId, string ProductName, string SpecText, string? Image, int Bought, int Free,
        IReadOnlyList<SkuOption> ExchangeOptions, IReadOnlyList<CaseSummary> Cases, bool Received);

    public sealed record SkuOption(Guid SkuId, string SpecText, bool Available);

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Query, Form>
    {
        public async Task<Form> Handle(Query request, CancellationToken cancellationToken)
        {
            var shopperId = user.RequiredId;
            var order = await db.Orders.AsNoTracking().Include(o => o.Lines)
                .SingleOrDefaultAsync(o => o.Number == request.Number && o.ShopperId == shopperId, cancellationToken)
                ?? throw new NotFoundException("order", OrderingText.OrderNotFound);
            var line = order.Lines.SingleOrDefault(l => l.Id == request.LineId) ?? throw new NotFoundException("order", OrderingText.OrderNotFound);
            var now = clock.GetUtcNow();
            var cases = await db.AfterSalesCases.AsNoTracking().Where(c => c.OrderLineId == line.Id).OrderBy(c => c.RequestedAt).ToListAsync(cancellationToken);
            var held = cases.Where(c => c.HoldsUnits).Sum(c => c.Quantity);
            var skus = await db.Skus.AsNoTracking().Where(s => s.ProductId == line.ProductId).OrderBy(s => s.Code).ToListAsync(cancellationToken);
            return new Form(order.Number, line.Id, line.ProductName, line.SpecText, line.Image, line.Quantity, Math.Max(0, line.Quantity - held),
                [.. skus.Select(s => new SkuOption(s.Id, s.SpecText, s.Available > 0))],
                [.. cases.Select(c => CaseSummary.From(c, now))],
                order.Status == Storefront.Domain.Ordering.OrderStatus.Completed);
        }
    }
}
