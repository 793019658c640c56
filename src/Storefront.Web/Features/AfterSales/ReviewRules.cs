using FluentValidation;
using Storefront.Domain.AfterSales;
using Storefront.Web.Infrastructure.Media;

namespace Storefront.Web.Features.AfterSales;

/// <summary>The photos rule of reviews and follow-ups: at most six, each the name of a stored image.</summary>
internal static class ReviewRules
{
    public static IRuleBuilderOptions<T, List<string>?> ReviewPhotos<T>(this IRuleBuilder<T, List<string>?> rule) =>
        rule.Must(p => p is null || p.Count <= AfterSalesCase.MaxPhotos)
            .WithMessage(_ => string.Format(AfterSalesText.ReviewTooManyPhotos, AfterSalesCase.MaxPhotos))
            .Must(p => p is null || p.All(ImageStore.IsValidName))
            .WithMessage(_ => AfterSalesText.ReviewPhotoInvalid);

    /// <summary>Where a stored photo is served.</summary>
    public static string Url(string name) => "/media/" + Uri.EscapeDataString(name);
}
