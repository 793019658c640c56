using Storefront.Domain.Common;
using Storefront.Domain.Pricing;

namespace Storefront.Domain.Promotions;

public enum CouponValidity
{
    /// <summary>Usable between <see cref="Coupon.ValidFrom"/> and <see cref="Coupon.ValidUntil"/>.</summary>
    FixedDates,

    /// <summary>Usable for <see cref="Coupon.ValidDays"/> days from the moment it was claimed.</summary>
    DaysFromClaim,
}

/// <summary>How a shopper came to hold a coupon.</summary>
public enum CouponSource
{
    /// <summary>Claimed on a product page or in the coupon centre (领券中心).</summary>
    Claimed,

    /// <summary>Sent by an operator to a member tier.</summary>
    Sent,

    /// <summary>Given on sign-up (新人券).</summary>
    Welcome,
}

/// <summary>What an operator enters for a coupon.</summary>
public sealed record CouponDraft(
    string Name,
    CouponKind Kind,
    decimal Value,
    decimal? Cap,
    decimal MinSpend,
    ScopeKind Scope,
    IReadOnlyList<Guid>? ScopeIds,
    bool Stackable,
    CouponValidity Validity,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil,
    int? ValidDays,
    int TotalQuantity,
    int PerShopperLimit,
    bool Claimable,
    bool ForNewMembers);

/// <summary>
/// 优惠券, the definition: fixed amount or a rate with a cap, minimum spend, scope, validity (fixed dates or N days from
/// claim), how many exist (<see cref="TotalQuantity"/>, <see cref="Issued"/> so far, taken by a conditional UPDATE) and how
/// many one shopper may hold, whether it stacks with order promotions, and how shoppers get it. Each copy a shopper
/// holds is a <see cref="ShopperCoupon"/>.
/// </summary>
public sealed class Coupon : ITenantOwned
{
    public const int MaxQuantity = 10_000_000;
    public const int MaxPerShopper = 100;
    public const int MaxValidDays = 365;

    private Coupon()
    {
    }

    public Guid TenantId { get; private set; }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public CouponKind Kind { get; private set; }

    /// <summary>The amount off, or the rate paid (0.90 = 9折).</summary>
    public decimal Value { get; private set; }

    /// <summary>For a rate: the most it takes off; null: no cap.</summary>
    public decimal? Cap { get; private set; }

    /// <summary>The covered lines must come to at least this (0: no minimum).</summary>
    public decimal MinSpend { get; private set; }

    public ScopeKind Scope { get; private set; }

    public List<Guid> ScopeIds { get; private set; } = [];

    /// <summary>Stacks with order promotions (满减); false: exclusive, used alone.</summary>
    public bool Stackable { get; private set; }

    public CouponValidity Validity { get; private set; }

    public DateTimeOffset? ValidFrom { get; private set; }

    public DateTimeOffset? ValidUntil { get; private set; }

    public int? ValidDays { get; private set; }

    public int TotalQuantity { get; private set; }

    public int Issued { get; private set; }

    public int PerShopperLimit { get; private set; }

    /// <summary>Shown in the coupon centre and on product pages for shoppers to claim.</summary>
    public bool Claimable { get; private set; }

    /// <summary>Given to every new member on sign-up.</summary>
    public bool ForNewMembers { get; private set; }

    public bool IsEnabled { get; private set; } = true;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public int Left => Math.Max(0, TotalQuantity - Issued);

    public static Coupon Create(Guid tenantId, CouponDraft draft, DateTimeOffset now)
    {
        var coupon = new Coupon { TenantId = tenantId, Id = Guid.CreateVersion7(now), CreatedAt = now };
        coupon.Update(draft, now);
        return coupon;
    }

    public void Update(CouponDraft draft, DateTimeOffset now)
    {
        var name = PromotionRules.Name(draft.Name);
        if (draft.Kind == CouponKind.Amount)
        {
            PromotionRules.Amount(draft.Value, "coupon.value", "面额");
            if (draft.MinSpend > 0 && draft.Value > draft.MinSpend)
            {
                throw new DomainException("coupon.value", "面额不能大于使用门槛。");
            }
        }
        else
        {
            PromotionRules.Rate(draft.Value, "coupon.value");
        }

        if (draft.Cap is { } cap)
        {
            PromotionRules.Amount(cap, "coupon.cap", "最高优惠金额");
        }

        if (draft.MinSpend < 0 || !Money.HasAtMostTwoDecimals(draft.MinSpend) || draft.MinSpend > Money.MaxAmount)
        {
            throw new DomainException("coupon.min-spend", "使用门槛不能为负，精确到分。");
        }

        if (draft.Validity == CouponValidity.FixedDates)
        {
            if (draft.ValidFrom is not { } from || draft.ValidUntil is not { } until)
            {
                throw new DomainException("coupon.validity", "请填写有效期的开始和结束时间。");
            }

            PromotionRules.Period(from, until);
        }
        else if (draft.ValidDays is not (>= 1 and <= MaxValidDays))
        {
            throw new DomainException("coupon.validity", $"领取后有效天数为 1–{MaxValidDays} 天。");
        }

        if (draft.TotalQuantity < Math.Max(1, Issued) || draft.TotalQuantity > MaxQuantity)
        {
            throw new DomainException("coupon.quantity", Issued > 0
                ? $"发行量不能少于已发出的 {Issued} 张。"
                : $"发行量为 1–{MaxQuantity} 张。");
        }

        if (draft.PerShopperLimit is < 1 or > MaxPerShopper)
        {
            throw new DomainException("coupon.limit", $"每人限领 1–{MaxPerShopper} 张。");
        }

        var ids = PromotionRules.Scope(draft.Scope, draft.ScopeIds);
        Name = name;
        Kind = draft.Kind;
        Value = draft.Value;
        Cap = draft.Kind == CouponKind.Rate ? draft.Cap : null;
        MinSpend = draft.MinSpend;
        Scope = draft.Scope;
        ScopeIds = ids;
        Stackable = draft.Stackable;
        Validity = draft.Validity;
        ValidFrom = draft.Validity == CouponValidity.FixedDates ? draft.ValidFrom : null;
        ValidUntil = draft.Validity == CouponValidity.FixedDates ? draft.ValidUntil : null;
        ValidDays = draft.Validity == CouponValidity.DaysFromClaim ? draft.ValidDays : null;
        TotalQuantity = draft.TotalQuantity;
        PerShopperLimit = draft.PerShopperLimit;
        Claimable = draft.Claimable;
        ForNewMembers = draft.ForNewMembers;
        UpdatedAt = now;
    }

    public void SetEnabled(bool enabled, DateTimeOffset now) => (IsEnabled, UpdatedAt) = (enabled, now);

    /// <summary>Can be handed out at <paramref name="now"/>: enabled, and (fixed dates) not yet expired.</summary>
    public bool CanIssueAt(DateTimeOffset now) => IsEnabled && (Validity == CouponValidity.DaysFromClaim || now < ValidUntil);

    /// <summary>
    /// One copy for a shopper. The caller takes the unit from <see cref="Issued"/> with a conditional UPDATE
    /// (issued &lt; total_quantity) and checks the per-shopper limit under a lock; this only builds the copy.
    /// </summary>
    public ShopperCoupon IssueTo(Guid shopperId, CouponSource source, DateTimeOffset now)
    {
        if (!CanIssueAt(now))
        {
            throw new DomainException("coupon.unavailable", "这张优惠券已停发或已过期。", isConflict: true);
        }

        var (from, until) = Validity == CouponValidity.FixedDates
            ? (ValidFrom!.Value, ValidUntil!.Value)
            : (now, now.AddDays(ValidDays!.Value));
        return ShopperCoupon.Create(TenantId, Id, shopperId, source, from, until, now);
    }

    public CouponOffer ToOffer(ShopperCoupon copy, IReadOnlySet<Guid>? scopeIds = null) =>
        new(copy.Id, Id, Name, Kind, Value, Cap, MinSpend,
            new PromotionScope(Scope, scopeIds ?? ScopeIds.ToHashSet()), Stackable, copy.ValidFrom, copy.ValidUntil);
}
