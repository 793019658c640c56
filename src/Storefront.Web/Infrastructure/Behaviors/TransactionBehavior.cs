using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Infrastructure.Behaviors;

/// <summary>
/// Innermost, for commands only: one transaction around the handler, changes saved and committed together. A command
/// that changed the catalog (marked <see cref="IChangesCatalog"/>, catalog entities saved, or
/// <see cref="StorefrontDb.CatalogChanged"/> or <see cref="StorefrontDb.ChangedProducts"/> set by its SQL) announces it in the same transaction and evicts the
/// cached catalog pages after commit, naming the products it changed when it knows them (the search index then reloads only
/// those, see <see cref="CatalogChanges.Of"/>); any other command sends no NOTIFY (it serialises the commits
/// of notifying transactions).
/// </summary>
internal sealed class TransactionBehavior<TRequest, TResponse>(StorefrontDb db, CatalogCache catalogCache, AccountSessions sessions, StoreClusters clusters)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not ICommand<TResponse> || db.Database.CurrentTransaction is not null)
        {
            return await NextAsync(next);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (clusters.Several && db.TenantId is { } store)
        {
            // Stores move between clusters (docs/decisions/0052-store-moves.md): not while the store is read-only or gone from here.
            var here = db.Cluster ?? StoreClusters.Default;
            if (!await db.Database.SqlQuery<bool>($"select app_store_writable({store}, {here}) as \"Value\"").SingleAsync(cancellationToken))
            {
                throw new Tenancy.StoreMovingException();
            }
        }

        var response = await NextAsync(next);
        // Changes are detected once: the catalog check, the tenant guard and SaveChanges read the same entries.
        db.ChangeTracker.DetectChanges();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        bool catalogChanged;
        IReadOnlyCollection<Guid>? products;
        List<Guid> regraded;
        try
        {
            (catalogChanged, products) = CatalogChanges.Of(db, request is IChangesCatalog, db.ChangedProducts, db.CatalogChanged);
            regraded = CatalogChanges.RegradedShoppers(db);
            db.CatalogChanged = false;
            db.ChangedProducts.Clear();
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }

        foreach (var shopper in regraded)
        {
            await sessions.ChangedAsync(db, "shopper", shopper, cancellationToken);   // their pages' member price
        }

        var storeId = db.TenantId;
        if (catalogChanged)
        {
            // Delivered to every instance only if the transaction commits.
            var payload = catalogCache.Payload(storeId, products);
            await db.Database.ExecuteSqlAsync($"select pg_notify({CatalogCache.Channel}, {payload})", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        db.Committed();
        if (catalogChanged)
        {
            await catalogCache.EvictAsync(storeId, products, CancellationToken.None);
        }

        return response;
    }

    /// <summary>
    /// Runs the handler; when what it ran on the connection itself failed (EF's own statements are seen by its
    /// interceptor), the context is marked before the transaction's disposal closes the connection, so the connection
    /// is cleaned before it goes back to the pool (<see cref="FailedConnections"/>).
    /// </summary>
    private async Task<TResponse> NextAsync(RequestHandlerDelegate<TResponse> next)
    {
        try
        {
            return await next();
        }
        catch (Exception e) when (FailedConnections.CameFromDatabase(e))
        {
            db.ConnectionFailed = true;
            throw;
        }
    }
}
