using System.Text.RegularExpressions;
using Storefront.Domain.Common;
using Storefront.Domain.Ordering;

namespace Storefront.Domain.Privacy;

/// <summary>
/// Minimum exposure and erasure of a shopper's personal fields. Staff screens, CSV files and staff e-mails show a phone
/// as its first three and last four digits (138****5678) and an address as its province, city and district followed by
/// **** (浙江省杭州市西湖区****); the street, where a parcel goes, only on the shipping screen or when revealed with a reason.
/// </summary>
public static partial class PersonalData
{
    public const string Stars = "****";

    /// <summary>The name an erased account and its reviews show from then on.</summary>
    public const string ErasedName = "已注销用户";

    /// <summary>What replaces an erased phone, street or recipient on orders kept for accounting.</summary>
    public const string Erased = "已删除";

    public static string MaskPhone(string? phone)
    {
        var p = (phone ?? "").Trim();
        return p.Length >= 7 ? p[..3] + Stars + p[^4..] : Stars;
    }

    public static string MaskAddress(string province, string city, string district) => $"{province}{city}{district}{Stars}";

    /// <summary>The address as staff see it off the shipping screen: name and region kept, phone and street masked.</summary>
    public static ShippingAddress Mask(ShippingAddress address) => address with { Phone = MaskPhone(address.Phone), Street = Stars };

    /// <summary>Every mainland mobile number in a free text (a complaint quoted to staff, a log value) masked.</summary>
    public static string MaskPhonesIn(string text) => MobileInText().Replace(text, m => MaskPhone(m.Value));

    // 11 digits starting 13-19, not part of a longer run of digits (an order number, a tracking number).
    [GeneratedRegex(@"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")]
    private static partial Regex MobileInText();

    /// <summary>
    /// The e-mail an erased account keeps instead of its own: unique per account (the column is unique per store), not
    /// derived from the old address (so irreversible), and in a reserved domain that never receives mail.
    /// </summary>
    public static string ErasedEmail(Guid shopperId) => $"erased-{shopperId:N}@erased.invalid";

    /// <summary>
    /// An account can be erased only once nothing is under way: no order waiting for payment, shipping or receipt, and no
    /// after-sales case still open. Otherwise refused, saying which.
    /// </summary>
    public static void EnsureErasable(int openOrders, int openCases)
    {
        if (openOrders > 0)
        {
            throw new DomainException(
                "account.open-orders", $"您还有 {openOrders} 个订单未完成，请在订单完成或取消后再注销账户。", isConflict: true);
        }

        if (openCases > 0)
        {
            throw new DomainException(
                "account.open-cases", $"您还有 {openCases} 个售后申请未结束，请在处理完成后再注销账户。", isConflict: true);
        }
    }
}
