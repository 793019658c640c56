using Microsoft.Extensions.DependencyInjection;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Tests.Infrastructure;

public static class StoreData
{
    /// <summary>Reads (or writes) a store's data directly, in a scope fixed to that store as the app's own units of work are.</summary>
    public static async Task<T> InStoreAsync<T>(this StorefrontApp app, string store, Func<StorefrontDb, Task<T>> work)
    {
        StoreInfo info;
        await using (var lookup = app.Services.CreateAsyncScope())
        {
            info = await lookup.ServiceProvider.GetRequiredService<StoreDirectory>().FindBySlugAsync(store, default)
                ?? throw new InvalidOperationException($"no store {store}");
        }

        await using var scope = app.Services.GetRequiredService<StoreScopes>().For(info);
        return await work(scope.ServiceProvider.GetRequiredService<StorefrontDb>());
    }
}
