using Storefront.Domain.Common;
using Storefront.Domain.Pricing;

namespace Storefront.Domain.Promotions;

/// <summary>Checks shared by the promotion entities, with the messages operators see.</summary>
internal static class PromotionRules
{
    public const int NameMaxLength = 40;
    public const int MaxScopeIds = 500;

    public static string Name(string? name)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > NameMaxLength)
        {
            throw new DomainException("promotion.name", $"名称不能为空，且不超过 {NameMaxLength} 个字符。");
        }

        return name;
    }

    public static void Period(DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        if (endsAt <= startsAt)
        {
            throw new DomainException("promotion.period", "结束时间必须晚于开始时间。");
        }
    }

    /// <summary>A rate paid: more than 0 and less than 1, at most two decimals (0.85 = 8.5折).</summary>
    public static void Rate(decimal rate, string code)
    {
        if (rate <= 0 || rate >= 1 || !Money.HasAtMostTwoDecimals(rate))
        {
            throw new DomainException(code, "折扣率须大于 0 且小于 1，最多两位小数（0.85 即 8.5 折）。");
        }
    }

    public static void Amount(decimal amount, string code, string what)
    {
        if (amount <= 0 || amount > Money.MaxAmount || !Money.HasAtMostTwoDecimals(amount))
        {
            throw new DomainException(code, $"{what}须大于 0，精确到分。");
        }
    }

    public static List<Guid> Scope(ScopeKind kind, IEnumerable<Guid>? ids)
    {
        var list = (ids ?? []).Distinct().ToList();
        if (kind != ScopeKind.Store && list.Count == 0)
        {
            throw new DomainException("promotion.scope", "请选择适用的分类或商品。");
        }

        if (list.Count > MaxScopeIds)
        {
            throw new DomainException("promotion.scope", $"适用范围最多 {MaxScopeIds} 项。");
        }

        return kind == ScopeKind.Store ? [] : list;
    }
}
