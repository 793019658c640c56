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

/// <summary>The merchant refuses a case with a reason the shopper sees; its units are free for another application.</summary>
public static class RejectCase
{
    public sealed record Command : ICommand<CaseView>
    {
        public Guid Id { get; set; }

        public string Reason { get; set; } = "";
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(_ => AfterSalesText.RejectReasonRequired)
                .MaximumLength(AfterSalesCase.ReasonMaxLength).WithMessage(_ => AfterSalesText.RejectReasonRequired);
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, CaseView>
    {
        public async Task<CaseView> Handle(Command request, CancellationToken cancellationToken)
        {
            var (_, @case) = await CaseOrders.LockCaseAsync(db, tenant.RequiredId, request.Id, null, cancellationToken);
            var now = clock.GetUtcNow();
            @case.Reject(OrderActor.Staff(user.Id), request.Reason, now);
            await CaseNotifications.QueueAsync(db, @case, CaseNotifications.Rejected, now, cancellationToken);
            return CaseView.From(@case, now);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/after-sales/{id:guid}/reject", async (Guid id, [FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command with { Id = id }, ct)))
            .RequireAuthorization(Policies.AfterSales).WithTags("Admin after-sales")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
