using FluentValidation;
using MediatR;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Media;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>
/// A merchant uploads an image (product, SKU or category): at most 5 MB of JPEG, PNG, WebP or GIF, stored under
/// its content hash. The answer is the name to keep on the product and the address it is served at.
/// </summary>
public static class UploadImage
{
    /// <param name="FileName">The name the client gave the file.</param>
    /// <param name="Length">The size the client announced; a file over the limit is refused before any byte is read.</param>
    /// <param name="Open">Opens the content; called only when the size is within the limit.</param>
    public sealed record Command(string FileName, long Length, Func<Stream> Open) : IRequest<Result>;

    public sealed record Result(string Name, string Url);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Length).GreaterThan(0).OverridePropertyName("file").WithMessage(_ => CatalogText.ImageEmpty);
            RuleFor(c => c.Length).LessThanOrEqualTo(ImageStore.MaxBytes).OverridePropertyName("file").WithMessage(c => ImageStore.TooLargeMessage(c.Length));
        }
    }

    internal sealed class Handler(ImageStore images) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var content = request.Open();
            var name = await images.SaveAsync(content, cancellationToken);
            return new Result(name, "/media/" + name);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/media", async (HttpRequest request, IMediator m, CancellationToken ct) =>
            {
                var upload = await ImageUpload.ReadAsync(request, ct);
                return TypedResults.Ok(await m.Send(new Command(upload.FileName, upload.Length, upload.Open), ct));
            })
            .ProducesValidationProblem()
            .RequireAuthorization(Policies.Catalog).WithTags("Admin catalog");
}
