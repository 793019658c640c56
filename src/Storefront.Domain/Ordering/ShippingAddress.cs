using System.Text.RegularExpressions;
using Storefront.Domain.Common;

namespace Storefront.Domain.Ordering;

/// <summary>
/// A mainland China delivery address (收货地址), as written on the parcel. An order keeps a copy, so editing the address
/// book later does not change where an order went.
/// </summary>
public sealed partial record ShippingAddress(string Name, string Phone, string Province, string City, string District, string Street)
{
    public const int NameMaxLength = 40;
    public const int RegionMaxLength = 40;
    public const int StreetMaxLength = 200;

    /// <summary>A mainland mobile number: 11 digits starting 13–19, optionally written with +86 or spaces/dashes.</summary>
    public static bool IsMainlandMobile(string? phone) => NormalizePhone(phone) is not null;

    /// <summary>The 11 digits of a mainland mobile number, or null when it is not one.</summary>
    public static string? NormalizePhone(string? phone)
    {
        if (phone is null)
        {
            return null;
        }

        var digits = Separators().Replace(phone.Trim(), "");
        if (digits.StartsWith("+86", StringComparison.Ordinal))
        {
            digits = digits[3..];
        }
        else if (digits.StartsWith("0086", StringComparison.Ordinal))
        {
            digits = digits[4..];
        }

        return MainlandMobile().IsMatch(digits) ? digits : null;
    }

    /// <summary>The address trimmed and checked; refused with a message naming the field at fault.</summary>
    public static ShippingAddress Create(string name, string phone, string province, string city, string district, string street)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > NameMaxLength)
        {
            throw new DomainException("address.name", $"收货人姓名不能为空，且不超过 {NameMaxLength} 个字符。");
        }

        var mobile = NormalizePhone(phone) ?? throw new DomainException("address.phone", "请填写正确的 11 位手机号码。");
        foreach (var (value, what) in new[] { (province, "省份"), (city, "城市"), (district, "区县") })
        {
            if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > RegionMaxLength)
            {
                throw new DomainException("address.region", $"{what}不能为空，且不超过 {RegionMaxLength} 个字符。");
            }
        }

        street = (street ?? "").Trim();
        if (street.Length is < 2 or > StreetMaxLength)
        {
            throw new DomainException("address.street", $"详细地址为 2–{StreetMaxLength} 个字符。");
        }

        return new ShippingAddress(name, mobile, province.Trim(), city.Trim(), district.Trim(), street);
    }

    /// <summary>The official code of <see cref="Province"/> (2 digits); null on an address written before codes.</summary>
    public string? ProvinceCode { get; init; }

    /// <summary>The official code of <see cref="City"/> (4 digits).</summary>
    public string? CityCode { get; init; }

    /// <summary>The official code of <see cref="District"/> (6 digits, 9 for a town of a city without districts).</summary>
    public string? DistrictCode { get; init; }

    /// <summary>An address whose 省/市/区 were chosen by code: the names are the official ones of those codes.</summary>
    public static ShippingAddress Create(string name, string phone, RegionChoice region, string street) =>
        Create(name, phone, region.Province, region.City, region.District, street) with
        {
            ProvinceCode = region.ProvinceCode,
            CityCode = region.CityCode,
            DistrictCode = region.DistrictCode,
        };

    public string OneLine => $"{Province} {City} {District} {Street}";

    [GeneratedRegex(@"[\s\-]")]
    private static partial Regex Separators();

    [GeneratedRegex(@"^1[3-9][0-9]{9}$")]
    private static partial Regex MainlandMobile();
}
