using MediatR;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Infrastructure.Behaviors;

/// <summary>Innermost, for commands only: one transaction around the handler, changes saved and committed together.</summary>
internal sealed class TransactionBehavior<TRequest, TResponse>(StorefrontDb db) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not ICommand<TResponse> || db.Database.CurrentTransaction is not null)
        {
            return await next();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var response = await next();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return response;
    }
}
