using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Accounts;
using Storefront.Domain.Ordering;
using Storefront.Domain.Tenancy;
using Storefront.Web.Features.Accounts;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Features.Ordering.Admin;
using Storefront.Web.Features.Platform;
using Storefront.Web.Features.Staff;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Demo;

/// <summary>
/// The demo of ./run.sh, seeded once through the same use cases the pages call: a platform admin and two stores,
/// demo (示例商店) and acme, each with an owner, a merchant, an operator, a shopper and a few products.
/// </summary>
public static class DemoData
{
    public const string Password = "storefront-demo";
    public const string PlatformAdminEmail = "admin@storefront.local";

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
            if (await db.Stores.AnyAsync(s => s.Slug == "demo", ct))
            {
                return;
            }

            var staff = scope.ServiceProvider.GetRequiredService<UserManager<StaffAccount>>();
            var admin = StaffAccount.Create(PlatformAdminEmail, "平台管理员", TimeProvider.System.GetUtcNow());
            admin.IsPlatformAdmin = true;
            await staff.CreateAsync(admin, Password);
        }

        await SeedStoreAsync(services, "demo", "示例商店", "zh-CN",
            [("纯棉圆领T恤", "100% 新疆长绒棉，舒适透气。", 79.00m), ("不锈钢保温杯 500ml", "12 小时保温，一键开盖。", 129.00m), ("无线蓝牙耳机", "降噪，续航 30 小时。", 299.00m)], ct);
        await SeedStoreAsync(services, "acme", "Acme Store", "en",
            [("Acme Anvil", "Drop-forged, 50 kg.", 899.00m), ("Rocket Skates", "Top speed 120 km/h.", 1599.00m)], ct);
    }

    private static async Task SeedStoreAsync(IServiceProvider services, string slug, string name, string language,
        (string Name, string Description, decimal Price)[] products, CancellationToken ct)
    {
        await using (var platform = services.CreateAsyncScope())
        {
            await platform.ServiceProvider.GetRequiredService<IMediator>().Send(
                new CreateStore.Command { Slug = slug, Name = name, DefaultLanguage = language, Currency = "CNY" }, ct);
        }

        StoreInfo store;
        await using (var lookup = services.CreateAsyncScope())
        {
            store = (await lookup.ServiceProvider.GetRequiredService<StoreDirectory>().FindBySlugAsync(slug, ct))!;
        }

        var scopes = services.GetRequiredService<StoreScopes>();
        foreach (var (role, who) in new[] { (StoreRole.Owner, "owner"), (StoreRole.Merchant, "merchant"), (StoreRole.Operator, "operator") })
        {
            await using var scope = scopes.For(store);
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GrantStaffRole.Command
            {
                Email = $"{who}@{slug}.local",
                DisplayName = $"{name} {who}",
                Password = Password,
                Role = role,
            }, ct);
        }

        await using (var scope = scopes.For(store))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Shopper>>();
            var shopper = Shopper.Create(store.Id, $"shopper@{slug}.local", slug == "demo" ? "小明" : "Sam", TimeProvider.System.GetUtcNow());
            IdentityErrors.ThrowIfFailed(await users.CreateAsync(shopper, Password));
        }

        foreach (var (productName, description, price) in products)
        {
            await using var scope = scopes.For(store);
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
                new CreateProduct.Command { Name = productName, Description = description, Price = price, Stock = 100, List = true }, ct);
        }

        // Ordering: two shipping methods per store, 快递 (¥10, free from ¥99; the default) and 顺丰 by weight.
        var zh = language == "zh-CN";
        foreach (var template in new[]
        {
            new SaveShippingTemplate.Command { Name = zh ? "快递" : "Standard", Kind = ShippingFeeKind.FreeAbove, Fee = 10m, FreeAbove = 99m, IsDefault = true,
                Position = 0 },
            new SaveShippingTemplate.Command
            {
                Name = zh ? "顺丰速运" : "Express", Kind = ShippingFeeKind.ByWeight, Fee = 18m, FirstWeightGrams = 1000, AdditionalWeightGrams = 1000,
                AdditionalFee = 8m, Position = 1,
            },
        })
        {
            await using var scope = scopes.For(store);
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(template, ct);
        }
    }
}
