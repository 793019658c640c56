using MediatR;
using Microsoft.AspNetCore.Components.Authorization;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Web;

/// <summary>
/// How an interactive (circuit) component sends a request: each operation in a fresh DI scope, so a fresh
/// DbContext, carrying the store and the user the circuit was opened for. The store is read once, when the
/// circuit's components are created during the request that opens it.
/// </summary>
public sealed class CircuitSender(IServiceScopeFactory scopes, TenantContext tenant, AuthenticationStateProvider auth)
{
    private readonly StoreInfo? _store = tenant.Store;

    public StoreInfo? Store => _store;

    public async Task<T> Send<T>(IRequest<T> request, CancellationToken ct = default)
    {
        var user = (await auth.GetAuthenticationStateAsync()).User;
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(_store);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Use(user);
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, ct);
    }
}
