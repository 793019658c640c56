namespace Storefront.Web.Infrastructure.Tenancy;

/// <summary>
/// Opens a unit of work inside one store: a fresh DI scope (so a fresh DbContext and connection) whose
/// <see cref="TenantContext"/> is fixed to that store. Platform commands and background jobs use it to act
/// store by store; row-level security then admits that store's rows only.
/// </summary>
public sealed class StoreScopes(IServiceScopeFactory scopes)
{
    public AsyncServiceScope For(StoreInfo store)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(store);
        return scope;
    }
}
