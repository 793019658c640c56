using Storefront.Web.Features.Ordering.Admin;
using Storefront.Web.Features.Ordering.Risk;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Payments;

namespace Storefront.Web.Features.Ordering;

/// <summary>Cart, addresses, checkout, orders (shopper and admin), shipping templates; the order-timer and outbox jobs.</summary>
public static class OrderingModule
{
    public static IHostApplicationBuilder AddOrdering(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<CartOwner>();
        services.AddScoped<CartBadge>();
        // The header shows the visitor's cart: a request with the cart cookie is not served a cached catalog page.
        services.Configure<CatalogCacheOptions>(o => o.BypassCookies.Add(CartOwner.Cookie));
        services.AddScoped<IShopperSignInHandler, GuestCartMerge>();
        services.AddSingleton<PaymentFaults>();
        services.AddSingleton<OrderTimersJob>();
        services.AddHostedService(sp => sp.GetRequiredService<OrderTimersJob>());
        services.AddSingleton<OutboxJob>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxJob>());
        return builder;
    }

    public static IEndpointRouteBuilder MapOrdering(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        CartContents.Map(api);
        AddToCart.Map(api);
        BuyNow.Map(api);
        UpdateCartLine.Map(api);
        RemoveCartLine.Map(api);
        UpdateCart.Map(api);
        ListAddresses.Map(api);
        SaveAddress.Map(api);
        ListDivisions.Map(api);
        DeleteAddress.Map(api);
        SetDefaultAddress.Map(api);
        ListShippingTemplates.Map(api);
        SaveShippingTemplate.Map(api);
        DeleteShippingTemplate.Map(api);
        PreviewCheckout.Map(api);
        PlaceOrder.Map(api);
        ListMyOrders.Map(api);
        GetMyOrder.Map(api);
        PayOrder.Map(api);
        CancelOrder.Map(api);
        ConfirmReceipt.Map(api);
        ListOrders.Map(api);
        ExportOrdersCsv.Map(api);
        GetOrder.Map(api);
        ShipOrder.Map(api);
        AddOrderNote.Map(api);
        CancelOrderWithRefund.Map(api);
        OrderingSettings.Map(api);
        RiskSettingsAdmin.Map(api);
        ListHeldOrders.Map(api);
        ApproveHeldOrder.Map(api);
        AddToCart.MapForm(app);
        return app;
    }

    /// <summary>Every shopper sign-in takes the browser's guest cart into the shopper's cart.</summary>
    private sealed class GuestCartMerge : IShopperSignInHandler
    {
        public Task SignedInAsync(HttpContext context, Guid shopperId, CancellationToken ct) =>
            CartOwner.MergeGuestCartAsync(context, shopperId, ct);
    }
}
