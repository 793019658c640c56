using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Features.PaymentSandbox;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>
/// The app for payment tests: the sandbox's callbacks go through the test server's own handler (real HTTP pipeline,
/// no socket), the background delivery job is off so a test drives passes itself (<see cref="Callbacks"/>), and every
/// log event is kept in <see cref="Logs"/>.
/// </summary>
public class PaymentsApp : StorefrontApp
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Logs { get; } = new();

    public SandboxCallbacks Callbacks => Services.GetRequiredService<SandboxCallbacks>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Storefront:Payments:DeliverCallbacks", "false");
        builder.ConfigureServices(services =>
        {
            services.AddHttpClient(SandboxCallbacks.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
            services.AddSingleton<ILoggerProvider>(new ListLoggerProvider(Logs));
        });
    }

    private sealed class ListLoggerProvider(ConcurrentQueue<(LogLevel, string, string)> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, logs);

        public void Dispose()
        {
        }
    }

    private sealed class ListLogger(string category, ConcurrentQueue<(LogLevel, string, string)> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Enqueue((logLevel, category, formatter(state, exception)));
    }
}

/// <summary>Orders and payments for tests, made through the domain and the app's own stock statements, as PlaceOrder does.</summary>
public static class PaymentSeed
{
    /// <summary>
    /// Places a 待付款 order of the shopper (by e-mail) for <paramref name="quantity"/> units of the SKU, reserving the
    /// stock with <see cref="SkuStock.ReserveAsync"/> in the same transaction. Flat shipping of 10.00. Returns the order number.
    /// </summary>
    public static Task<string> PlacePendingOrderAsync(this StorefrontApp app, string store, string shopperEmail, Guid skuId, int quantity = 1) =>
        app.InStoreAsync(store, async db =>
        {
            var tenant = db.TenantId!.Value;
            var now = app.Clock.GetUtcNow();
            var shopper = await db.Shoppers.SingleAsync(s => s.NormalizedEmail == shopperEmail.ToUpperInvariant());
            var sku = await db.Skus.SingleAsync(s => s.Id == skuId);
            var product = await db.Products.SingleAsync(p => p.Id == sku.ProductId);
            await using var tx = await db.Database.BeginTransactionAsync();
            var shortOf = await SkuStock.ReserveAsync(db, tenant, [(sku.Id, quantity)], default);
            if (shortOf.Count > 0)
            {
                throw new InvalidOperationException("not enough stock to seed the order");
            }

            var template = ShippingTemplate.Create(tenant, new ShippingTemplateDraft("快递", ShippingFeeKind.Flat, 10m), now);
            db.ShippingTemplates.Add(template);
            var number = await OrderNumbers.NextAsync(db, now, Storefront.Domain.Tenancy.StoreTimeZone.Find(null), default);
            OrderItem[] items = [new(product.Id, sku.Id, product.Name, product.Slug, sku.Code, sku.SpecText, sku.Image, sku.WeightGrams, quantity)];
            var quote = PricingEngine.Price(new PricingRequest([new PricingLine(sku.Id, product.Id, product.CategoryId, sku.Price, quantity, sku.WeightGrams)],
                template, now));
            var order = Order.Place(tenant, number, shopper.Id, OrderSeed.Address, template, items, quote, "", null, TimeSpan.FromMinutes(30), now);
            db.Orders.Add(order);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            return number;
        });

    /// <summary>A pending order (as <see cref="PlacePendingOrderAsync"/>) then paid and shipped in one parcel (顺丰速运, SF + the number's last 8
    /// digits).</summary>
    public static async Task<string> ShippedOrderAsync(this StorefrontApp app, string store, string shopperEmail, Guid skuId)
    {
        var number = await app.PlacePendingOrderAsync(store, shopperEmail, skuId);
        await app.InStoreAsync(store, async db =>
        {
            var now = app.Clock.GetUtcNow();
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == number);
            var payment = Payment.Start(db.TenantId!.Value, order.Id, SandboxGateway.ProviderName, order.Total, now);
            payment.Complete(true, "seed-" + number, now);
            db.Payments.Add(payment);
            order.MarkPaid(order.Total, "seed-" + number, now);
            order.Ship("顺丰速运", "SF" + number[^8..], [], OrderActor.Staff(null), TimeSpan.FromDays(10), now);
            return await db.SaveChangesAsync();
        });
        return number;
    }

    /// <summary>A product of its own with one SKU of <paramref name="stock"/> units at <paramref name="price"/>; its SKU id.</summary>
    public static async Task<Guid> SeedSkuAsync(this StorefrontApp app, string store, string code, int stock = 50, decimal price = 10m) =>
        (await app.SeedProductAsync(store, "商品 " + code, price, categoryId: null, list: true, (code, stock, 0)))[code];

    /// <summary>The order as stored, with its lines and timeline.</summary>
    public static Task<Order> StoredOrderAsync(this StorefrontApp app, string store, string number) =>
        app.InStoreAsync(store, db => db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Events).SingleAsync(o => o.Number == number));

    public static Task<List<Payment>> PaymentsAsync(this StorefrontApp app, string store, string number) =>
        app.InStoreAsync(store, async db =>
        {
            var id = await db.Orders.Where(o => o.Number == number).Select(o => o.Id).SingleAsync();
            return await db.Payments.AsNoTracking().Where(p => p.OrderId == id).OrderBy(p => p.CreatedAt).ToListAsync();
        });

    public static Task<int> OutboxCountAsync(this StorefrontApp app, string store, string kind, string number) =>
        app.InStoreAsync(store, db => db.Outbox.CountAsync(m => m.Kind == kind && m.Subject.Contains(number)));

    public static Task<SandboxCharge?> ChargeAsync(this StorefrontApp app, string store, Guid paymentId) =>
        app.InStoreAsync(store, db => SandboxCharges.FindAsync(db, paymentId, default));

    public static Task<string> PaymentSecretAsync(this StorefrontApp app, string store) =>
        app.InStoreAsync(store, async db => await db.Stores.Where(s => s.Slug == store).Select(s => s.PaymentSecret).SingleAsync());

    /// <summary>What the sandbox stored for a decided charge: the exact body and its signature.</summary>
    public static Task<(string Body, string Signature)> CallbackAsync(this StorefrontApp app, string store, Guid paymentId) =>
        app.InStoreAsync(store, async db =>
        {
            var row = (await db.Database.SqlQuery<StoredCallback>(
                    $"select callback_body as \"Body\", callback_signature as \"Signature\" from sandbox_charges where payment_id = {paymentId}")
                .ToListAsync()).Single();
            return (row.Body, row.Signature);
        });

    /// <summary>POSTs a callback body with a signature header (none when null), as the gateway would.</summary>
    public static Task<HttpResponseMessage> PostCallbackAsync(this HttpClient client, string body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, SandboxGateway.CallbackPath)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json")
        };
        if (signature is not null)
        {
            request.Headers.Add(SandboxGateway.SignatureHeader, signature);
        }

        return client.SendAsync(request);
    }

    /// <summary>Starts paying through the API as the signed-in shopper of <paramref name="client"/>.</summary>
    public static async Task<PayStarted> StartPaymentAsync(this HttpClient client, string number)
    {
        var response = await client.PostAsync($"/api/v1/orders/{number}/pay", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PayStarted>())!;
    }

    /// <summary>Presses 支付 (pay) or 支付失败 (fail) on the sandbox's hosted page.</summary>
    public static Task<HttpResponseMessage> ChooseOnGatewayAsync(this HttpClient client, Guid paymentId, string choice) =>
        client.SubmitAsync($"/pay/sandbox/{paymentId}", "form[data-testid=sandbox-form]", new Dictionary<string, string> { ["Choice"] = choice });

    public sealed record PayStarted(string OrderNumber, Guid PaymentId, decimal Amount, string GatewayUrl);

    private sealed class StoredCallback
    {
        public string Body { get; set; } = "";

        public string Signature { get; set; } = "";
    }
}
