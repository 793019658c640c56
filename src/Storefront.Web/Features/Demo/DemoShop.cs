using System.Diagnostics;
using MediatR;
using Storefront.Domain.Tenancy;
using Storefront.Web.Features.Staff;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Media;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Demo;

/// <summary>
/// What ./run.sh adds to the base demo (<see cref="DemoData"/>) so the demo store looks like a real shop: the catalogue
/// (<see cref="DemoCatalog"/>), the promotions and member tiers (<see cref="DemoPromotions"/>), three months of orders
/// (<see cref="DemoHistory"/>) and the customer-service log-in cs@demo.local. Each part runs only on a store that does
/// not have it yet, so a second start changes nothing. acme keeps its two products. Seeding time: docs/decisions/0027, 0032.
/// </summary>
public static class DemoShop
{
    public const string CustomerServiceEmail = "cs@demo.local";

    /// <summary>Seeds the demo store's shop; returns how long it took (zero-ish when there was nothing to do).</summary>
    public static async Task<TimeSpan> SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        StoreInfo? store;
        await using (var lookup = services.CreateAsyncScope())
        {
            store = await lookup.ServiceProvider.GetRequiredService<StoreDirectory>().FindBySlugAsync("demo", ct);
        }

        if (store is null)
        {
            return TimeSpan.Zero;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var scopes = services.GetRequiredService<StoreScopes>();
        bool seeded;
        await using (var scope = scopes.For(store))
        {
            var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
            seeded = await DemoCatalog.SeedAsync(db, scope.ServiceProvider.GetRequiredService<ImageStore>(), now, ct);   // the store's own images
        }

        if (seeded)
        {
            await using var scope = scopes.For(store);
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GrantStaffRole.Command
            {
                Email = CustomerServiceEmail,
                DisplayName = "示例商店 客服",
                Password = DemoData.Password,
                Role = StoreRole.CustomerService,
            }, ct);
        }

        var catalogue = Stopwatch.GetElapsedTime(started);
        await DemoPromotions.SeedAsync(services, ct);
        var promotions = Stopwatch.GetElapsedTime(started) - catalogue;
        var orders = await DemoHistory.SeedAsync(services, store, now, ct);
        var elapsed = Stopwatch.GetElapsedTime(started);
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoShop)).LogInformation(
            "Demo shop seeded in {Seconds:0.0} s (catalogue {Catalogue:0.0} s, promotions {Promotions:0.0} s, {Orders} orders {History:0.0} s)",
            elapsed.TotalSeconds, catalogue.TotalSeconds, promotions.TotalSeconds, orders, (elapsed - catalogue - promotions).TotalSeconds);
        return elapsed;
    }
}
