using MediatR;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Media;

namespace Storefront.Web.Features.AfterSales;

/// <summary>
/// A signed-in shopper uploads a photo for a review or a follow-up (JPEG, PNG, WebP or GIF up to 5 MB, stored under its
/// content hash: the merchant's <see cref="UploadImage"/> command). The answer's name goes into the review's <c>photos</c>.
/// </summary>
public static class UploadReviewPhoto
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/reviews/photos", async (HttpRequest request, IMediator m, CancellationToken ct) =>
            {
                var upload = await ImageUpload.ReadAsync(request, ct);
                return TypedResults.Ok(await m.Send(new UploadImage.Command(upload.FileName, upload.Length, upload.Open), ct));
            })
            .ProducesValidationProblem()
            .RequireAuthorization(Policies.Shopper).WithTags("Reviews");
}
