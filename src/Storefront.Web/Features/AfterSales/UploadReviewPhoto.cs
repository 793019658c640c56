using FluentValidation;
using MediatR;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Media;

namespace Storefront.Web.Features.AfterSales;

/// <summary>
/// A signed-in shopper uploads a photo for a review or a follow-up (JPEG, PNG, WebP or GIF up to 5 MB, stored under its
/// content hash, like merchants' images). The answer's name goes into the review's <c>photos</c>.
/// </summary>
public static class UploadReviewPhoto
{
    public sealed record Command(string FileName, long Length, Func<Stream> Open) : IRequest<Result>;

    public sealed record Result(string Name, string Url);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Length).GreaterThan(0).OverridePropertyName("file").WithMessage(_ => Text.ImageEmpty);
            RuleFor(c => c.Length).LessThanOrEqualTo(ImageStore.MaxBytes).OverridePropertyName("file").WithMessage(c => ImageStore.TooLargeMessage(c.Length));
        }
    }

    internal sealed class Handler(ImageStore images) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var content = request.Open();
            var name = await images.SaveAsync(content, cancellationToken);
            return new Result(name, ReviewRules.Url(name));
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/reviews/photos", async (HttpRequest request, IMediator m, CancellationToken ct) =>
            {
                var upload = await ImageUpload.ReadAsync(request, ct);
                return TypedResults.Ok(await m.Send(new Command(upload.FileName, upload.Length, upload.Open), ct));
            })
            .ProducesValidationProblem()
            .RequireAuthorization(Policies.Shopper).WithTags("Reviews");
}
