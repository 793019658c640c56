using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>How many SKUs of the store are at or below their low-stock threshold: the number on the admin header's badge.</summary>
public static class LowStockCount
{
    public sealed record Query : IRequest<int>;

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, int>
    {
        public Task<int> Handle(Query request, CancellationToken cancellationToken) =>
            LowStockSkus.Low(db).CountAsync(cancellationToken);
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/catalog/low-stock/count", async (IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(new { count = await mediator.Send(new Query(), ct) }))
            .RequireAuthorization(Policies.Catalog).WithTags("Admin catalog");
}
