using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.AfterSales;

/// <summary>The after-sales state of one of the shopper's orders (售后中 / 售后完成), per line, for the order page.</summary>
public static class OrderCases
{
    public sealed record Query(string Number) : IRequest<IReadOnlyList<CaseSummary>>;

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Query, IReadOnlyList<CaseSummary>>
    {
        public async Task<IReadOnlyList<CaseSummary>> Handle(Query request, CancellationToken cancellationToken)
        {
            var shopperId = user.RequiredId;
            var now = clock.GetUtcNow();
            var cases = await db.AfterSalesCases.AsNoTracking().Where(c => c.OrderNumber == request.Number && c.ShopperId == shopperId)
                .OrderBy(c => c.RequestedAt).ToListAsync(cancellationToken);
            return [.. cases.Select(c => CaseSummary.From(c, now))];
        }
    }
}
