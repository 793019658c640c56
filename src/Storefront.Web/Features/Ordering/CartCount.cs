using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Ordering;

/// <summary>How many lines the current cart holds (the header badge); no query for a guest without a cart.</summary>
public static class CartCount
{
    public sealed record Query : IRequest<int>;

    internal sealed class Handler(StorefrontDb db, CartOwner owner) : IRequestHandler<Query, int>
    {
        public async Task<int> Handle(Query request, CancellationToken cancellationToken) =>
            owner.Current is { } id ? await db.CartLines.CountAsync(l => l.OwnerId == id, cancellationToken) : 0;
    }
}
