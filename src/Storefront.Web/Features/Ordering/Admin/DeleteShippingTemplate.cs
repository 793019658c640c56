using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Ordering.Admin;

/// <summary>A merchant removes a shipping method. Orders keep their own copy of its name and fee, so nothing else changes.</summary>
public static class DeleteShippingTemplate
{
    public sealed record Command(Guid Id) : ICommand<Result>;

    public sealed record Result(Guid Id);

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var template = await db.ShippingTemplates.SingleOrDefaultAsync(t => t.Id == request.Id, cancellationToken)
                ?? throw new NotFoundException("shipping-template", OrderingText.ShippingTemplateNotFound);
            db.ShippingTemplates.Remove(template);
            return new Result(template.Id);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapDelete("/admin/shipping-templates/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Command(id), ct)))
            .RequireAuthorization(Policies.Orders).WithTags("Admin shipping").ProducesProblem(StatusCodes.Status404NotFound);
}
