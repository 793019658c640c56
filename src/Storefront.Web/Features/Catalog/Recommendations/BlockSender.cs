using MediatR;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Catalog.Recommendations;

/// <summary>
/// Sends a recommendation block's query in a store scope of its own (a fresh DbContext): on a page, sibling blocks such as the
/// reviews query the request's DbContext at the same time, and one DbContext takes one operation at a time.
/// </summary>
public sealed class BlockSender(StoreScopes scopes, TenantContext tenant)
{
    public async Task<T> SendAsync<T>(IRequest<T> request, T none)
    {
        if (tenant.Store is not { } store)
        {
            return none;
        }

        await using var scope = scopes.For(store);
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }
}
