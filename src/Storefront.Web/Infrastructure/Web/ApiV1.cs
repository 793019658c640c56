using MediatR;
using Microsoft.AspNetCore.Mvc;

namespace Storefront.Web.Infrastructure.Web;

/// <summary>The JSON API under /api/v1: one group, into which each area maps its use cases (each beside its handler).</summary>
public static class ApiV1
{
    public static RouteGroupBuilder MapApiV1(this IEndpointRouteBuilder app) => app.MapGroup("/api/v1").DisableAntiforgery();

    /// <summary>POST pattern: the JSON body is the command; the handler's result is the 200 response.</summary>
    public static RouteHandlerBuilder MapCommand<TCommand, TResult>(this IEndpointRouteBuilder group, string pattern)
        where TCommand : IRequest<TResult> =>
        group.MapPost(pattern, async ([FromBody] TCommand command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command, ct)))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
