using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Domain.Reviews;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.AfterSales.Admin;

/// <summary>The merchant's one reply to a review (商家回复), shown under it on the product page from the next request.</summary>
public static class ReplyToReview
{
    public sealed record Command : ICommand<Result>, IChangesCatalog
    {
        public Guid Id { get; set; }

        public string Text { get; set; } = "";
    }

    public sealed record Result(Guid Id, string MerchantReply, DateTimeOffset MerchantReplyAt);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.Text).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => string.Format(AfterSalesText.ReviewReplyText, Review.ReplyMaxLength))
                .MaximumLength(Review.ReplyMaxLength).WithMessage(_ => string.Format(AfterSalesText.ReviewReplyText, Review.ReplyMaxLength));
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var review = await db.Reviews.SingleOrDefaultAsync(r => r.Id == request.Id, cancellationToken)
                ?? throw new NotFoundException("review", AfterSalesText.ReviewNotFound);
            review.Reply(OrderActor.Staff(user.Id), request.Text, clock.GetUtcNow());
            return new Result(review.Id, review.MerchantReply!, review.MerchantReplyAt!.Value);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/after-sales/reviews/{id:guid}/reply", async (Guid id, [FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command with { Id = id }, ct)))
            .RequireAuthorization(Policies.AfterSales).WithTags("Admin reviews")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
