using System.Text.Json;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Notifications;
using Storefront.Domain.Ordering;
using Storefront.Domain.Reviews;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.AfterSales.Admin;

/// <summary>
/// Moderation hides a review with a reason (屏蔽). The shopper is told: a notice goes to the outbox in the same transaction
/// (so <see cref="Review.HiddenNoticePending"/> is cleared at once), and their review shows the reason on their order's
/// review page. The product page drops it on the next request (the store's cached pages are evicted).
/// </summary>
public static class HideReview
{
    public sealed record Command : ICommand<Result>, IChangesCatalog
    {
        public Guid Id { get; set; }

        public string Reason { get; set; } = "";
    }

    public sealed record Result(Guid Id, bool Hidden, string HiddenReason, DateTimeOffset HiddenAt);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.Reason)
                .Must(r => !string.IsNullOrWhiteSpace(r))
                .WithMessage(_ => string.Format(AfterSalesText.ReviewHideReason, Review.ReasonMaxLength))
                .MaximumLength(Review.ReasonMaxLength).WithMessage(_ => string.Format(AfterSalesText.ReviewHideReason, Review.ReasonMaxLength));
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var review = await db.Reviews.SingleOrDefaultAsync(r => r.Id == request.Id, cancellationToken)
                ?? throw new NotFoundException("review", AfterSalesText.ReviewNotFound);
            var now = clock.GetUtcNow();
            review.Hide(OrderActor.Staff(user.Id), request.Reason, now);

            var shopper = await db.Shoppers.AsNoTracking()
                .Where(s => s.Id == review.ShopperId)
                .Select(s => new { s.Email })
                .SingleOrDefaultAsync(cancellationToken);
            var order = await db.Orders.AsNoTracking().Where(o => o.Id == review.OrderId).Select(o => o.Number).SingleAsync(cancellationToken);
            if (!string.IsNullOrEmpty(shopper?.Email))
            {
                db.Outbox.Add(OutboxMessage.Create(review.TenantId, "review.hidden", shopper.Email,
                    $"您对订单 {order} 的评价已被隐藏",
                    $"您对订单 {order} 中「{review.SpecText}」商品的评价已被商家隐藏，原因：{review.HiddenReason}。如有疑问，请联系客服。", now));
            }

            review.MarkHiddenNoticeSent();
            db.AuditLog.Add(AuditEntry.Record(review.TenantId, user.Id, "review.hidden", review.Id.ToString(),
                JsonSerializer.Serialize(new { Order = order, review.HiddenReason }), now));
            return new Result(review.Id, review.Hidden, review.HiddenReason!, review.HiddenAt!.Value);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/after-sales/reviews/{id:guid}/hide", async (Guid id, [FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command with { Id = id }, ct)))
            .RequireAuthorization(Policies.AfterSales).WithTags("Admin reviews")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
