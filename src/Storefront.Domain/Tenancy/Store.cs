using System.Text.RegularExpressions;
using Storefront.Domain.Common;

namespace Storefront.Domain.Tenancy;

/// <summary>A tenant: one independent store, reached at {slug}.&lt;base domain&gt; or one of its custom domains.</summary>
public sealed partial class Store
{
    public static readonly IReadOnlyList<string> Languages = ["zh-CN", "en"];

    private Store()
    {
    }

    public Guid Id { get; private set; }

    public string Slug { get; private set; } = "";

    public string Name { get; private set; } = "";

    public StoreStatus Status { get; private set; }

    public string DefaultLanguage { get; private set; } = "zh-CN";

    public string Currency { get; private set; } = "CNY";

    public List<string> CustomDomains { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SuspendedAt { get; private set; }

    public string? SuspensionReason { get; private set; }

    /// <summary>An unpaid order is cancelled, and its stock released, this long after it was placed (default 30 minutes).</summary>
    public int PaymentTimeoutMinutes { get; private set; } = 30;

    /// <summary>A shipped order completes on its own this many days after its last parcel shipped (default 10).</summary>
    public int AutoConfirmDays { get; private set; } = 10;

    /// <summary>The key the store's payment gateway signs its callbacks with (HMAC-SHA256), hex.</summary>
    public string PaymentSecret { get; private set; } = "";

    /// <summary>积分规则: earned per yuan paid; redeemed at N points per yuan, up to a percent of the order; expiry; growth window.</summary>
    public int PointsEarnPerYuan { get; private set; } = Members.MemberProgramme.Default.EarnPerYuan;

    public int PointsRedeemPerYuan { get; private set; } = Members.MemberProgramme.Default.RedeemPointsPerYuan;

    public int PointsRedeemCapPercent { get; private set; } = Members.MemberProgramme.Default.RedeemCapPercent;

    public int PointsExpiryYears { get; private set; } = Members.MemberProgramme.Default.ExpiryYears;

    public int GrowthWindowDays { get; private set; } = Members.MemberProgramme.Default.GrowthWindowDays;

    public Members.MemberProgramme MemberProgramme =>
        new(PointsEarnPerYuan, PointsRedeemPerYuan, PointsRedeemCapPercent, PointsExpiryYears, GrowthWindowDays) { TimeZoneId = TimeZoneId };

    public void ConfigureMembers(Members.MemberProgramme programme)
    {
        programme.Validate();
        (PointsEarnPerYuan, PointsRedeemPerYuan, PointsRedeemCapPercent, PointsExpiryYears, GrowthWindowDays) =
            (programme.EarnPerYuan, programme.RedeemPointsPerYuan, programme.RedeemCapPercent, programme.ExpiryYears, programme.GrowthWindowDays);
    }

    public int RfmWindowDays { get; private set; } = Insight.RfmThresholds.Default.WindowDays;

    public int RfmRecentDays { get; private set; } = Insight.RfmThresholds.Default.RecentDays;

    public int RfmFrequentOrders { get; private set; } = Insight.RfmThresholds.Default.FrequentOrders;

    public decimal RfmMonetaryAmount { get; private set; } = Insight.RfmThresholds.Default.MonetaryAmount;

    /// <summary>The customer analysis's RFM thresholds (客户分层), kept on the store.</summary>
    public Insight.RfmThresholds RfmThresholds => new(RfmWindowDays, RfmRecentDays, RfmFrequentOrders, RfmMonetaryAmount);

    public void ConfigureRfm(Insight.RfmThresholds thresholds)
    {
        thresholds.Validate();
        (RfmWindowDays, RfmRecentDays, RfmFrequentOrders, RfmMonetaryAmount) =
            (thresholds.WindowDays, thresholds.RecentDays, thresholds.FrequentOrders, thresholds.MonetaryAmount);
    }

    /// <summary>The replenishment lead time in days (补货周期): a SKU whose stock covers fewer days is suggested for reorder.</summary>
    public int ReorderLeadDays { get; private set; } = Insight.StockCover.DefaultLeadDays;

    public void ConfigureReorderLeadDays(int days) => ReorderLeadDays = Insight.StockCover.ValidLeadDays(days);

    /// <summary>售后设置: windows, answer deadlines and the 满减 policy (<see cref="AfterSales.AfterSalesPolicy"/>).</summary>
    public int AftersalesNoReasonDays { get; private set; } = AfterSales.AfterSalesPolicy.Default.NoReasonDays;

    public int AftersalesQualityDays { get; private set; } = AfterSales.AfterSalesPolicy.Default.QualityDays;

    public int AftersalesAnswerHours { get; private set; } = AfterSales.AfterSalesPolicy.Default.AnswerHours;

    public int AftersalesComplaintHours { get; private set; } = AfterSales.AfterSalesPolicy.Default.ComplaintAnswerHours;

    public AfterSales.ThresholdPolicy AftersalesThresholdPolicy { get; private set; } = AfterSales.ThresholdPolicy.RefundAllocated;

    /// <summary>Where shoppers send returns (退货地址), shown on an approved return or exchange.</summary>
    public string ReturnAddress { get; private set; } = "";

    public AfterSales.AfterSalesPolicy AfterSalesPolicy =>
        new(AftersalesNoReasonDays, AftersalesQualityDays, AftersalesAnswerHours, AftersalesComplaintHours, AftersalesThresholdPolicy)
        {
            TimeZoneId = TimeZoneId,
        };

    public void ConfigureAfterSales(AfterSales.AfterSalesPolicy policy, string? returnAddress)
    {
        policy.Validate();
        returnAddress = (returnAddress ?? "").Trim();
        if (returnAddress.Length > 200)
        {
            throw new DomainException("store.return-address", "退货地址不超过 200 个字符。");
        }

        (AftersalesNoReasonDays, AftersalesQualityDays, AftersalesAnswerHours, AftersalesComplaintHours, AftersalesThresholdPolicy, ReturnAddress) =
            (policy.NoReasonDays, policy.QualityDays, policy.AnswerHours, policy.ComplaintAnswerHours, policy.Threshold, returnAddress);
    }

    /// <summary>The store's time zone (IANA id, default Asia/Shanghai): times shown and the days of the figures (<see cref="StoreTimeZone"/>).</summary>
    public string TimeZoneId { get; private set; } = StoreTimeZone.Default;

    /// <summary>Sets the store's time zone; refuses an id that names no zone.</summary>
    public void ConfigureTimeZone(string timeZoneId) => TimeZoneId = StoreTimeZone.Validate(timeZoneId);

    public TimeSpan PaymentTimeout => TimeSpan.FromMinutes(PaymentTimeoutMinutes);

    public TimeSpan AutoConfirmAfter => TimeSpan.FromDays(AutoConfirmDays);

    public static Store Create(string slug, string name, string defaultLanguage, string currency, DateTimeOffset now)
    {
        slug = slug.Trim().ToLowerInvariant();
        if (!IsValidSlug(slug))
        {
            throw new DomainException("store.slug", "店铺标识只能包含小写字母、数字和连字符，长度 2–40，且不能以连字符开头或结尾。");
        }

        if (!Languages.Contains(defaultLanguage))
        {
            throw new DomainException("store.language", $"Unsupported language '{defaultLanguage}'.");
        }

        return new Store
        {
            Id = Guid.CreateVersion7(now),
            Slug = slug,
            Name = name.Trim(),
            Status = StoreStatus.Active,
            DefaultLanguage = defaultLanguage,
            Currency = currency.ToUpperInvariant(),
            CreatedAt = now,
            PaymentSecret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
    }

    /// <summary>The store's order timers: payment timeout 5 minutes to 24 hours, auto-confirm 1 to 30 days.</summary>
    public void ConfigureOrdering(int paymentTimeoutMinutes, int autoConfirmDays)
    {
        if (paymentTimeoutMinutes is < 5 or > 1440)
        {
            throw new DomainException("store.payment-timeout", "支付超时时间为 5–1440 分钟。");
        }

        if (autoConfirmDays is < 1 or > 30)
        {
            throw new DomainException("store.auto-confirm", "自动确认收货时间为 1–30 天。");
        }

        PaymentTimeoutMinutes = paymentTimeoutMinutes;
        AutoConfirmDays = autoConfirmDays;
    }

    /// <summary>Slugs become host names, so they follow DNS label rules; a few are kept for the platform.</summary>
    public static bool IsValidSlug(string slug) =>
        SlugPattern().IsMatch(slug) && slug is not ("www" or "admin" or "platform" or "api");

    public bool IsOpen => Status == StoreStatus.Active;

    public void Suspend(string reason, DateTimeOffset now)
    {
        if (Status == StoreStatus.Suspended)
        {
            throw new DomainException("store.suspended", "店铺已处于停用状态。");
        }

        Status = StoreStatus.Suspended;
        SuspendedAt = now;
        SuspensionReason = reason;
    }

    public void Reactivate()
    {
        if (Status == StoreStatus.Active)
        {
            throw new DomainException("store.active", "店铺已处于营业状态。");
        }

        Status = StoreStatus.Active;
        SuspendedAt = null;
        SuspensionReason = null;
    }

    public void AddCustomDomain(string host)
    {
        host = ToAsciiHost(host) ?? throw new DomainException("store.domain", $"'{host.Trim()}' is not a valid domain name.");

        if (!CustomDomains.Contains(host))
        {
            CustomDomains.Add(host);
        }
    }

    /// <summary>The form browsers send: punycode, lower case, no trailing dot; null when it is no host name.</summary>
    private static string? ToAsciiHost(string host)
    {
        try
        {
            host = new System.Globalization.IdnMapping().GetAscii(host.Trim().TrimEnd('.')).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }

        var labels = host.Split('.');
        return host.Length <= 253 && labels.Length >= 2 && labels.All(l => DomainLabel().IsMatch(l)) && !labels[^1].All(char.IsAsciiDigit) ? host : null;
    }

    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\z")]
    private static partial Regex DomainLabel();

    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])\z")]
    private static partial Regex SlugPattern();
}
