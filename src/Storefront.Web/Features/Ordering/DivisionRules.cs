using System.Linq.Expressions;
using FluentValidation;
using Storefront.Domain.Ordering;

namespace Storefront.Web.Features.Ordering;

/// <summary>Field errors for 省/市/区 codes: each must exist and sit in the one before (the domain checks the same).</summary>
internal static class DivisionRules
{
    public static void Add<T>(
        AbstractValidator<T> validator, Expression<Func<T, string?>> province, Expression<Func<T, string?>> city, Expression<Func<T, string?>> district)
    {
        var divisions = AdministrativeDivisions.Official;
        var provinceOf = province.Compile();
        var cityOf = city.Compile();
        validator.RuleFor(province).Must(code => divisions.Find(code) is { ParentCode: null })
            .WithMessage(_ => OrderingText.AddressProvinceUnknown);
        validator.RuleFor(city).Must((c, code) => divisions.Find(code) is { } d && d.ParentCode == provinceOf(c)?.Trim())
            .WithMessage(_ => OrderingText.AddressCityUnknown);
        validator.RuleFor(district).Must((c, code) => divisions.Find(code) is { } d && d.ParentCode == cityOf(c)?.Trim())
            .WithMessage(_ => OrderingText.AddressDistrictUnknown);
    }
}
