using System.Globalization;
using System.Text.RegularExpressions;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Catalog;
using Storefront.Domain.Ordering;
using Storefront.Domain.Tenancy;
using Storefront.Web.Features.AfterSales;
using Storefront.Web.Features.Catalog;
using Storefront.Web.Features.Ordering;
using Storefront.Web.Features.Staff;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests;

/// <summary>
/// The *Labels classes look words up by a key built from a value (Status_Paid, Event_auto_approved), which the generated
/// classes cannot check: every enum value, and every timeline kind the domain records, must have words in both languages.
/// </summary>
public sealed partial class LabelsTests
{
    public static TheoryData<string> Cultures() => ["zh-CN", "en"];

    [Theory]
    [MemberData(nameof(Cultures))]
    public void Every_enum_value_has_words(string culture) => InCulture(culture, () =>
    {
        AssertWords<OrderStatus>(v => OrderingLabels.Status(v), v => "Status_" + v);
        AssertWords<OrderStatus>(v => OrderingLabels.MyOrderStatus(v), v => "MyOrderStatus_" + v);
        AssertWords<PaymentStatus>(v => OrderingLabels.PaymentStatus(v), v => "PaymentStatus_" + v);
        AssertWords<ShippingFeeKind>(v => OrderingLabels.ShippingKind(v), v => "ShippingKind_" + v);
        AssertWords<ActorKind>(v => OrderingLabels.Actor(v), v => "Actor_" + v);
        AssertWords<AfterSalesKind>(v => AfterSalesLabels.Kind(v), v => "Kind_" + v);
        AssertWords<AfterSalesReason>(v => AfterSalesLabels.Reason(v), v => "Reason_" + v);
        AssertWords<AfterSalesStatus>(v => AfterSalesLabels.Status(v), v => "Status_" + v);
        AssertWords<ProductStatus>(v => CatalogLabels.ProductStatus(v), v => "ProductStatus_" + v);
        AssertWords<StockReason>(v => CatalogLabels.StockReason(v), v => "StockReason_" + v);
        AssertWords<StoreRole>(v => StaffLabels.Role(v), v => "Role_" + v);
        AssertWords<Storefront.Domain.Insight.RfmSegment>(v => Features.Insight.Customers.RfmBuyers.Name(v), v => "Segment_" + v);
    });

    [Theory]
    [MemberData(nameof(Cultures))]
    public void Every_timeline_kind_the_domain_records_has_words(string culture) => InCulture(culture, () =>
    {
        var order = RecordedKinds("Ordering/Order.cs");
        var caseKinds = RecordedKinds("AfterSales/AfterSalesCase.cs");
        Assert.Contains("payment-returned", order.Select(k => k.Kind));
        Assert.Contains("auto-approved", caseKinds.Select(k => k.Kind));

        Assert.All(order, k => Assert.NotEqual(k.Kind, OrderingLabels.Event(k.Kind)));
        Assert.All(order.Where(k => !k.Internal), k => Assert.NotEqual(k.Kind, OrderingLabels.MyOrderEvent(k.Kind)));
        Assert.All(caseKinds, k => Assert.NotEqual(k.Kind, AfterSalesLabels.Event(k.Kind)));
    });

    /// <summary>The kinds a domain file passes to Record(…)/Move(…) as literals, and whether the entry is internal (staff only).</summary>
    private static List<(string Kind, bool Internal)> RecordedKinds(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(SourceTree.Root, "src", "Storefront.Domain", file));
        return [.. lines.Where(l => RecordCall().IsMatch(l))
            .SelectMany(l => KindLiteral().Matches(l).Select(m => (m.Groups[1].Value, l.Contains("isInternal: true", StringComparison.Ordinal))))
            .Distinct()];
    }

    private static void AssertWords<T>(Func<T, string> label, Func<T, string> key) where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            var words = label(value);
            Assert.False(string.IsNullOrWhiteSpace(words), $"{typeof(T).Name}.{value} has no words");
            Assert.NotEqual(key(value), words);
        }
    }

    private static void InCulture(string culture, Action assert)
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            assert();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [GeneratedRegex(@"\b(Record|Move)\((?!string )")]
    private static partial Regex RecordCall();

    [GeneratedRegex(@"""([a-z]+(?:-[a-z]+)*)""")]
    private static partial Regex KindLiteral();
}
