using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.AfterSales.Admin;

/// <summary>
/// Staff close a finished case (rejected, refunded or exchanged) with an optional note (<see cref="AfterSalesCase.Close"/>);
/// a case still in progress is refused (409). The closing is on the case's timeline, so the shopper sees it.
/// </summary>
public static class CloseCase
{
    public sealed record Command : ICommand<CaseView>
    {
        public Guid Id { get; set; }

        public string? Reason { get; set; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.Reason).MaximumLength(AfterSalesCase.ReasonMaxLength)
                .WithMessage(_ => string.Format(AfterSalesText.CloseReasonTooLong, AfterSalesCase.ReasonMaxLength));
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, CaseView>
    {
        public async Task<CaseView> Handle(Command request, CancellationToken cancellationToken)
        {
            var (_, @case) = await CaseOrders.LockCaseAsync(db, tenant.RequiredId, request.Id, null, cancellationToken);
            var now = clock.GetUtcNow();
            @case.Close(OrderActor.Staff(user.Id), request.Reason, now);
            return CaseView.From(@case, now);
        }
    }

    /// <summary>The JSON body of the API: an optional note.</summary>
    public sealed record Body(string? Reason);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/after-sales/{id:guid}/close", async (Guid id, [FromBody] Body? body, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new Command { Id = id, Reason = body?.Reason }, ct)))
            .RequireAuthorization(Policies.AfterSales).WithTags("Admin after-sales")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
