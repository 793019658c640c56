using MediatR;
using Storefront.Domain.Common;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Infrastructure.Behaviors;

/// <summary>
/// A rule's refusal in the user's language: the domain refuses in Chinese, so a refusal leaving a request is thrown again
/// with the message DomainErrors finds for its code in the current UI culture (same code, same conflict flag). Every
/// page and endpoint that shows a refusal then shows it in the user's language.
/// </summary>
internal sealed class DomainErrorsBehavior<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        try
        {
            return await next();
        }
        catch (DomainException e) when (DomainErrors.Message(e) is var message && message != e.Message)
        {
            throw new DomainException(e.Code, message, e.IsConflict);
        }
    }
}
