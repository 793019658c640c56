using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Reviews;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.AfterSales;

/// <summary>The shopper's one follow-up review (追评) of a review of theirs, within 180 days of it; shown on the product page at once.</summary>
public static class FollowUpReview
{
    public sealed record Command : ICommand<Result>, IChangesCatalog
    {
        public Guid Id { get; set; }

        public string? Text { get; set; }

        public List<string>? Photos { get; set; }
    }

    public sealed record Result(Guid Id, string FollowUpText, DateTimeOffset FollowUpAt);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Text)
                .Must(t => !string.IsNullOrWhiteSpace(t))
                .WithMessage(_ => string.Format(AfterSalesText.ReviewFollowUpText, Review.TextMaxLength))
                .MaximumLength(Review.TextMaxLength).WithMessage(_ => string.Format(AfterSalesText.ReviewFollowUpText, Review.TextMaxLength));
            RuleFor(c => c.Photos).ReviewPhotos();
        }
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var shopperId = user.RequiredId;
            var review = await db.Reviews.SingleOrDefaultAsync(r => r.Id == request.Id && r.ShopperId == shopperId, cancellationToken)
                ?? throw new NotFoundException("review", AfterSalesText.ReviewNotFound);
            review.FollowUp(shopperId, request.Text, request.Photos, clock.GetUtcNow());
            return new Result(review.Id, review.FollowUpText!, review.FollowUpAt!.Value);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/reviews/{id:guid}/follow-up", async (Guid id, [FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command with { Id = id }, ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("Reviews")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
