using MediatR;
using Microsoft.AspNetCore.Http.Features;
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
        api.MapPost("/aftersales/photos", async (HttpRequest request, IMediator m, CancellationToken ct) =>
        {
            var slack = 64 * 1024;
            if (request.ContentLength is { } announced && announced > ImageStore.MaxBytes + slack)
            {
                return TypedResults.Ok(await m.Send(new UploadImage.Command("", announced, () => Stream.Null), ct));
            }

            if (!request.HasFormContentType)
            {
                throw new BadHttpRequestException(Text.ImageUploadForm);
            }

            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = ImageStore.MaxBytes + slack }, ct);
            }
            catch (InvalidDataException)
            {
                return TypedResults.Ok(await m.Send(new UploadImage.Command("", ImageStore.MaxBytes + slack + 1, () => Stream.Null), ct));
            }

            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault() ?? throw new BadHttpRequestException(Text.ImageUploadForm);
            return TypedResults.Ok(await m.Send(new UploadImage.Command(file.FileName, file.Length, file.OpenReadStream), ct));
        })
        .ProducesValidationProblem()
        .RequireAuthorization(Policies.Shopper).WithTags("After-sales");
}
