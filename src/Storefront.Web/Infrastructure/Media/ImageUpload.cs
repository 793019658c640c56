using Microsoft.AspNetCore.Http.Features;

namespace Storefront.Web.Infrastructure.Media;

/// <summary>The one image file of a multipart upload (field "file"): its name, length and contents, for an upload command to check.</summary>
public sealed record ImageUpload(string FileName, long Length, Func<Stream> Open)
{
    private const int Slack = 64 * 1024;

    /// <summary>
    /// Reads the upload. An oversized body is refused by its announced length before any of it is read (or buffered), or,
    /// without one, when it turns out longer: either way it comes back as an empty upload longer than
    /// <see cref="ImageStore.MaxBytes"/>, so the command's validator gives the usual field error. Not a multipart form: 400.
    /// </summary>
    public static async Task<ImageUpload> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength is { } announced && announced > ImageStore.MaxBytes + Slack)
        {
            return new ImageUpload("", announced, () => Stream.Null);
        }

        if (!request.HasFormContentType)
        {
            throw new BadHttpRequestException(SharedText.ImageUploadForm);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = ImageStore.MaxBytes + Slack }, ct);
        }
        catch (InvalidDataException)
        {
            return new ImageUpload("", ImageStore.MaxBytes + Slack + 1, () => Stream.Null);
        }

        var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault() ?? throw new BadHttpRequestException(SharedText.ImageUploadForm);
        return new ImageUpload(file.FileName, file.Length, file.OpenReadStream);
    }
}
