using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Common;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Media;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.AfterSales;

/// <summary>
/// The shopper applies for after-sales (申请售后) on one line of their order: 仅退款, 退货退款 or 换货, a reason from the
/// list, a quantity, a description, up to 6 photos (names given by <see cref="UploadCasePhoto"/>) and, for an exchange,
/// the SKU wanted. The eligibility rules live in <see cref="AfterSalesCase.Open"/>; this locks the order first, so two
/// applications for the last units of a line cannot both pass. Refused input changes nothing: 400 for input the shopper
/// can fix (quantity, photos, exchange to another product), 409 for what the order's state refuses (outside the window).
/// </summary>
public static class OpenCase
{
    public sealed record Command : ICommand<CaseView>
    {
        public string Number { get; set; } = "";

        public Guid LineId { get; set; }

        public AfterSalesKind Kind { get; set; }

        public AfterSalesReason Reason { get; set; }

        public int Quantity { get; set; } = 1;

        public string? Description { get; set; }

        public List<string>? Photos { get; set; }

        public Guid? ExchangeSkuId { get; set; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.LineId).NotEmpty().WithMessage(_ => AfterSalesText.LineRequired);
            RuleFor(c => c.Number).NotEmpty().WithMessage(_ => AfterSalesText.OrderRequired);
            RuleFor(c => c.Kind).IsInEnum().WithMessage(_ => AfterSalesText.KindRequired);
            RuleFor(c => c.Reason).IsInEnum().WithMessage(_ => AfterSalesText.ReasonRequired);
            RuleFor(c => c.Quantity).GreaterThan(0).WithMessage(_ => AfterSalesText.QuantityPositive);
            RuleFor(c => c.Description).MaximumLength(AfterSalesCase.DescriptionMaxLength)
                .WithMessage(_ => string.Format(AfterSalesText.DescriptionTooLong, AfterSalesCase.DescriptionMaxLength));
            RuleFor(c => c.Photos).Must(p => p is null || p.Count <= AfterSalesCase.MaxPhotos)
                .WithMessage(_ => string.Format(AfterSalesText.TooManyPhotos, AfterSalesCase.MaxPhotos));
            RuleForEach(c => c.Photos).Must(ImageStore.IsValidName).WithMessage(_ => AfterSalesText.PhotoInvalid);
            RuleFor(c => c.ExchangeSkuId).NotEmpty().When(c => c.Kind == AfterSalesKind.Exchange).WithMessage(_ => AfterSalesText.ExchangeSkuRequired);
        }
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CurrentUser user, ImageStore images, TimeProvider clock, ILogger<Command> log)
        : IRequestHandler<Command, CaseView>
    {
        public async Task<CaseView> Handle(Command request, CancellationToken cancellationToken)
        {
            var tenantId = tenant.RequiredId;
            var order = await CaseOrders.LockByNumberAsync(db, tenantId, request.Number, user.RequiredId, cancellationToken);
            var photos = request.Photos ?? [];
            foreach (var photo in photos)
            {
                if (!await images.ExistsAsync(photo, cancellationToken))
                {
                    throw new DomainException("aftersales.photos", AfterSalesText.PhotoInvalid);
                }
            }

            ExchangeTarget? target = null;
            if (request.Kind == AfterSalesKind.Exchange && request.ExchangeSkuId is { } skuId)
            {
                var sku = await db.Skus.AsNoTracking().SingleOrDefaultAsync(s => s.Id == skuId, cancellationToken)
                    ?? throw new DomainException("aftersales.exchange", AfterSalesText.ExchangeSkuUnknown);
                target = new ExchangeTarget(sku.ProductId, sku.Id, sku.SpecText);
            }

            var now = clock.GetUtcNow();
            var existing = await CaseOrders.CasesAsync(db, order.Id, cancellationToken);
            var policy = await CaseOrders.PolicyAsync(db, tenantId, cancellationToken);
            var @case = AfterSalesCase.Open(
                order,
                new AfterSalesRequest(request.LineId, request.Kind, request.Reason, request.Quantity, request.Description, photos, target),
                existing,
                policy,
                await CaseOrders.CouponValidUntilAsync(db, order, cancellationToken),
                now,
                await CaseOrders.PromotionsAsync(db, order, policy, cancellationToken));
            db.AfterSalesCases.Add(@case);
            log.LogInformation(
                "After-sales case {CaseId} opened on order {OrderNumber}: {Kind} x{Quantity}", @case.Id, order.Number, @case.Kind, @case.Quantity);
            return CaseView.From(@case, now);
        }
    }

    /// <summary>Two addresses: the order's own (<c>/orders/{number}/after-sales</c>) and the after-sales collection with the
    /// order number in the body (<c>POST /after-sales</c>).</summary>
    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/orders/{number}/after-sales", async (string number, [FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command with { Number = number }, ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("After-sales")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/after-sales", async ([FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command, ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("After-sales")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
