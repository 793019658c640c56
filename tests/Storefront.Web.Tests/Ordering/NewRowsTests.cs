using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Storefront.Domain.Notifications;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Ordering;

/// <summary>Placing an order writes its rows past the change tracker (NewRows): what EF reads back must be what was placed.</summary>
public sealed class NewRowsTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    [Fact]
    public async Task An_order_written_past_the_change_tracker_reads_back_through_EF_with_every_mapped_value()
    {
        var (order, message) = await app.InStoreAsync("demo", async db =>
        {
            var tenant = db.TenantId!.Value;
            var now = app.Clock.GetUtcNow();
            var shopper = await db.Shoppers.OrderBy(s => s.CreatedAt).FirstAsync();
            var skus = await db.Skus.OrderBy(s => s.Id).Take(2).ToListAsync();
            var products = await db.Products.Where(p => skus.Select(s => s.ProductId).Contains(p.Id)).ToDictionaryAsync(p => p.Id);
            var template = await db.ShippingTemplates.FirstAsync();
            OrderItem[] items = [.. skus.Select((s, i) =>
                new OrderItem(s.ProductId, s.Id, products[s.ProductId].Name, products[s.ProductId].Slug, s.Code, s.SpecText, s.Image, s.WeightGrams, i + 1))];
            var quote = PricingEngine.Price(new PricingRequest(
                [.. skus.Select((s, i) => new PricingLine(s.Id, s.ProductId, products[s.ProductId].CategoryId, s.Price, i + 1, s.WeightGrams))], template,
                    now));
            var order = Order.Place(tenant, "20261130" + Random.Shared.Next(100000, 999999), shopper.Id, OrderSeed.Address, template, items, quote,
                "请尽快发货 'quoted' \"note\"", "key-" + Guid.NewGuid(), TimeSpan.FromMinutes(30), now);
            var message = OutboxMessage.Create(tenant, "order.placed", shopper.Email, "订单已提交", "正文", now);
            await using var transaction = await db.Database.BeginTransactionAsync();
            await NewRows.InsertAsync(db, [order, .. order.Lines, .. order.Events, message], default);
            await transaction.CommitAsync();
            Assert.DoesNotContain(db.ChangeTracker.Entries(), e => e.Entity is Order or OrderLine or OrderEvent or OutboxMessage);
            return (order, message);
        });

        await app.InStoreAsync("demo", async db =>
        {
            var loaded = await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Events).SingleAsync(o => o.Id == order.Id);
            AssertSame(db.Model, order, loaded);
            Assert.Equal(2, loaded.Lines.Count);
            foreach (var line in order.Lines)
            {
                AssertSame(db.Model, line, loaded.Lines.Single(l => l.Id == line.Id));
            }

            AssertSame(db.Model, order.Events.Single(), loaded.Events.Single());
            AssertSame(db.Model, message, await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == message.Id));
            return true;
        });
    }

    [Fact]
    public async Task A_row_of_another_store_is_refused_before_it_reaches_the_database()
    {
        var acme = await app.StoreIdAsync("acme");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.InStoreAsync("demo", async db =>
        {
            await NewRows.InsertAsync(db, [OutboxMessage.Create(acme, "order.placed", "x@example.com", "planted", "", app.Clock.GetUtcNow())], default);
            return true;
        }));
        Assert.Contains("another store", error.Message);
        Assert.False(await app.InStoreAsync("acme", db => db.Outbox.AnyAsync(m => m.Subject == "planted")));
    }

    /// <summary>Every property EF maps (complex ones flattened) has the same value, by the property's own comparer.</summary>
    private static void AssertSame<T>(IModel model, T expected, T actual)
        where T : class
    {
        foreach (var property in model.FindEntityType(typeof(T))!.GetFlattenedProperties())
        {
            var getter = property.GetGetter();
            var (want, got) = (getter.GetClrValueUsingContainingEntity(expected), getter.GetClrValueUsingContainingEntity(actual));
            Assert.True(property.GetValueComparer().Equals(want, got), $"{typeof(T).Name}.{property.Name}: wrote {want}, read {got}");
        }
    }
}
