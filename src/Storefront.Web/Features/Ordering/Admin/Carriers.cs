namespace Storefront.Web.Features.Ordering.Admin;

/// <summary>The carriers (快递公司) a parcel can go with: the ones mainland stores ship with, as their names are written.</summary>
public static class Carriers
{
    public static readonly IReadOnlyList<string> All =
        ["顺丰速运", "中通快递", "圆通速递", "申通快递", "韵达快递", "京东物流", "中国邮政", "EMS", "极兔速递", "德邦快递"];

    public static bool IsKnown(string? carrier) => carrier is not null && All.Contains(carrier.Trim());
}
