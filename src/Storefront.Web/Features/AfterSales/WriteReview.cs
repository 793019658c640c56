using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Reviews;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.AfterSales;

/// <summary>
/// The shopper reviews (评价) one line of a completed order of theirs: 1–5 stars, text, up to 6 photos (names of images
/// uploaded through <see cref="UploadReviewPhoto"/>), anonymous or not. One review per line (a second is 409, and the
/// unique index keeps it so under a race). The product page shows it on the very next request: the command is marked
/// <see cref="IChangesCatalog"/>, so the store's cached catalog pages are evicted when it commits.
/// </summary>
public static class WriteReview
{
    public sealed record Command : ICommand<Result>, IChangesCatalog
    {
        public string Number { get; set; } = "";

        public Guid LineId { get; set; }

        public int Stars { get; set; }

        public string? Text { get; set; }

        public List<string>? Photos { get; set; }

        public bool Anonymous { get; set; }
    }

    public sealed record Result(Guid Id, string OrderNumber, Guid LineId, string ProductSlug, int Stars, DateTimeOffset CreatedAt);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Number).NotEmpty().MaximumLength(40);
            RuleFor(c => c.LineId).NotEmpty().WithMessage(_ => AfterSalesText.ReviewLineRequired);
            RuleFor(c => c.Stars).InclusiveBetween(1, 5).WithMessage(_ => AfterSalesText.ReviewStarsRange);
            RuleFor(c => c.Text).MaximumLength(Review.TextMaxLength).WithMessage(_ => string.Format(AfterSalesText.ReviewTextTooLong, Review.TextMaxLength));
            RuleFor(c => c.Photos).ReviewPhotos();
        }
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var shopperId = user.RequiredId;
            var number = request.Number.Trim();
            var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(o => o.Number == number, cancellationToken)
                ?? throw new NotFoundException("order", OrderingText.OrderNotFound);

            // The domain refuses someone else's order, one not completed, a line not in it and stars out of range.
            var review = Review.Write(order, request.LineId, shopperId, request.Stars, request.Text, request.Photos, request.Anonymous, clock.GetUtcNow());
            if (await db.Reviews.AnyAsync(r => r.OrderLineId == request.LineId, cancellationToken))
            {
                throw new DomainException("review.duplicate", AfterSalesText.ReviewAlreadyReviewed, isConflict: true);
            }

            db.Reviews.Add(review);
            var slug = order.Lines.Single(l => l.Id == request.LineId).ProductSlug;
            return new Result(review.Id, order.Number, review.OrderLineId, slug, review.Stars, review.CreatedAt);
        }
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/orders/{number}/reviews", async (string number, [FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command with { Number = number }, ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("Reviews")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        // The address: the order number in the body.
        api.MapPost("/reviews", async ([FromBody] Command command, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command, ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("Reviews")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
