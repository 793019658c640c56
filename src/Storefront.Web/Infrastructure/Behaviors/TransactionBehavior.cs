using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Web;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Infrastructure.Behaviors;

/// <summary>
/// Innermost, for commands only: one transaction around the handler, changes saved and committed together. A command
/// that changed the catalog (marked <see cref="IChangesCatalog"/>, catalog entities saved, or
/// <see cref="StorefrontDb.CatalogChanged"/> set by its SQL) announces it in the same transaction and evicts the cached
/// catalog pages after commit; any other command sends no NOTIFY (it serialises the commits of notifying transactions).
/// </summary>
internal sealed class TransactionBehavior<TRequest, TResponse>(StorefrontDb db, CatalogCache catalogCache) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not ICommand<TResponse> || db.Database.CurrentTransaction is not null)
        {
            return await next();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var response = await next();

        // Changes are detected once: the catalog check and the tenant guard read the entries, SaveChanges writes them.
        db.ChangeTracker.DetectChanges();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        bool catalogChanged;
        try
        {
            catalogChanged = request is IChangesCatalog || db.CatalogChanged || CatalogCache.Touches(db);
            db.CatalogChanged = false;
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }

        if (catalogChanged)
        {
            // Delivered to every instance only if the transaction commits.
            await db.Database.ExecuteSqlAsync($"select pg_notify({CatalogCache.Channel}, {db.TenantId?.ToString() ?? ""})", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (catalogChanged)
        {
            await catalogCache.EvictAsync(db.TenantId, CancellationToken.None);
        }

        return response;
    }
}
