using MediatR;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Behaviors;

/// <summary>Every request acts for a store, unless it is a platform request: no store, no work.</summary>
internal sealed class TenantBehavior<TRequest, TResponse>(TenantContext tenant) : IPipelineBehavior<TRequest, TResponse>
{
    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not IPlatformRequest && tenant.Id is null)
        {
            throw new NotFoundException("store", "没有找到店铺。This address has no store.");
        }

        return next();
    }
}
