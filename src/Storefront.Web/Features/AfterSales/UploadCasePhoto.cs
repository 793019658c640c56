using MediatR;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Media;

namespace Storefront.Web.Features.AfterSales;

/// <summary>
/// A shopper uploads a photo for an application (multipart, field "file"): the same rules and content-hash names as the
/// merchant's images (<see cref="UploadImage"/>: at most 5 MB of JPEG, PNG, WebP or GIF). The name goes into
/// <see cref="OpenCase.Command.Photos"/>.
/// </summary>
public static class UploadCasePhoto
{
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/after-sales/photos", async (HttpRequest request, IMediator m, CancellationToken ct) =>
            {
                var upload = await ImageUpload.ReadAsync(request, ct);
                return TypedResults.Ok(await m.Send(new UploadImage.Command(upload.FileName, upload.Length, upload.Open), ct));
            })
            .ProducesValidationProblem()
            .RequireAuthorization(Policies.Shopper).WithTags("After-sales");
}
