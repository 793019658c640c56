using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Ordering.Admin;

/// <summary>
/// A merchant creates (no id) or edits a shipping method: flat fee, free above an amount, or by weight (首重/续重), any
/// of them optionally free above an amount. At most one is the default: making one the default clears the others.
/// </summary>
public static class SaveShippingTemplate
{
    public sealed record Command : ICommand<ListShippingTemplates.Row>
    {
        /// <summary>Null to create; the template's id (from the route in the API) to edit.</summary>
        public Guid? Id { get; set; }

        public string Name { get; set; } = "";

        public ShippingFeeKind Kind { get; set; }

        public decimal Fee { get; set; }

        public decimal? FreeAbove { get; set; }

        public int FirstWeightGrams { get; set; }

        public int AdditionalWeightGrams { get; set; }

        public decimal AdditionalFee { get; set; }

        public bool IsDefault { get; set; }

        public int Position { get; set; }

        public bool IsActive { get; set; } = true;

        /// <summary>Official province or city codes the method delivers to; none: everywhere.</summary>
        public IReadOnlyList<string>? RegionCodes { get; set; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(ShippingTemplate.NameMaxLength).WithName(_ => OrderingText.ShippingName);
            RuleFor(c => c.Kind).IsInEnum();
            RuleFor(c => c.Fee).InclusiveBetween(0m, Money.MaxAmount).Must(Money.HasAtMostTwoDecimals).WithName(_ => OrderingText.ShippingFee);
            RuleFor(c => c.AdditionalFee)
                .InclusiveBetween(0m, Money.MaxAmount)
                .Must(Money.HasAtMostTwoDecimals)
                .WithName(_ => OrderingText.ShippingAdditionalFee);
            RuleFor(c => c.FreeAbove).NotNull().When(c => c.Kind == ShippingFeeKind.FreeAbove).WithName(_ => OrderingText.ShippingFreeAbove);
            RuleFor(c => c.FreeAbove!.Value).InclusiveBetween(0m, Money.MaxAmount).Must(Money.HasAtMostTwoDecimals)
                .When(c => c.FreeAbove is not null).OverridePropertyName(nameof(Command.FreeAbove)).WithName(_ => OrderingText.ShippingFreeAbove);
            RuleFor(c => c.FirstWeightGrams)
                .InclusiveBetween(1, 1_000_000)
                .When(c => c.Kind == ShippingFeeKind.ByWeight)
                .WithName(_ => OrderingText.ShippingFirstWeight);
            RuleFor(c => c.AdditionalWeightGrams)
                .InclusiveBetween(1, 1_000_000)
                .When(c => c.Kind == ShippingFeeKind.ByWeight)
                .WithName(_ => OrderingText.ShippingAdditionalWeight);
            RuleFor(c => c.Position).InclusiveBetween(0, 10_000);
            RuleForEach(c => c.RegionCodes).Must(code => AdministrativeDivisions.Official.Find(code) is { Code.Length: 2 or 4 })
                .WithMessage(_ => OrderingText.ShippingRegionUnknown);
        }
    }

    internal sealed class Handler(StorefrontDb db, TimeProvider clock) : IRequestHandler<Command, ListShippingTemplates.Row>
    {
        public async Task<ListShippingTemplates.Row> Handle(Command request, CancellationToken cancellationToken)
        {
            var draft = new ShippingTemplateDraft(request.Name, request.Kind, request.Fee, request.FreeAbove, request.FirstWeightGrams,
                request.AdditionalWeightGrams, request.AdditionalFee, request.IsDefault, request.Position, request.IsActive, request.RegionCodes);
            ShippingTemplate template;
            if (request.Id is { } id)
            {
                template = await db.ShippingTemplates.SingleOrDefaultAsync(t => t.Id == id, cancellationToken)
                    ?? throw new NotFoundException("shipping-template", OrderingText.ShippingTemplateNotFound);
                template.Update(draft);
            }
            else
            {
                template = ShippingTemplate.Create(db.TenantId!.Value, draft, clock.GetUtcNow());
                db.ShippingTemplates.Add(template);
            }

            if (template.IsDefault)
            {
                foreach (var other in await db.ShippingTemplates.Where(t => t.IsDefault && t.Id != template.Id).ToListAsync(cancellationToken))
                {
                    other.SetDefault(false);
                }
            }

            return ListShippingTemplates.Row.From(template);
        }
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/admin/shipping-templates", async ([FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            {
                var row = await mediator.Send(command with { Id = null }, ct);
                return TypedResults.Created($"/api/v1/admin/shipping-templates/{row.Id}", row);
            })
            .RequireAuthorization(Policies.Orders).WithTags("Admin shipping").ProducesValidationProblem();
        api.MapPut("/admin/shipping-templates/{id:guid}", async (Guid id, [FromBody] Command command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { Id = id }, ct)))
            .RequireAuthorization(Policies.Orders).WithTags("Admin shipping").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
