using FluentValidation;
using Storefront.Domain.Insight;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight;

/// <summary>A query over a period of the store's days, chosen as the dashboard does: a <see cref="PeriodKind"/> or from–to.</summary>
public interface IPeriodQuery
{
    PeriodKind Period { get; }

    /// <summary>With <see cref="To"/>, a custom range of the store's days (both included); overrides <see cref="Period"/>.</summary>
    DateOnly? From { get; }

    DateOnly? To { get; }
}

/// <summary>The field errors of a period (the dashboard's, the product and promotion analysis'): both ends, in order, at most 366 days.</summary>
internal abstract class PeriodRules<T> : AbstractValidator<T>
    where T : IPeriodQuery
{
    protected PeriodRules()
    {
        RuleFor(q => q.From).NotNull().When(q => q.To is not null || q.Period == PeriodKind.Custom).WithMessage(_ => InsightText.FromRequired);
        RuleFor(q => q.To).NotNull().When(q => q.From is not null || q.Period == PeriodKind.Custom).WithMessage(_ => InsightText.ToRequired);
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage(_ => InsightText.ToBeforeFrom);
        RuleFor(q => q.From).Must(IsSensible).When(q => q.From is not null).WithMessage(_ => InsightText.DayOutOfRange);
        RuleFor(q => q.To).Must(IsSensible).When(q => q.To is not null).WithMessage(_ => InsightText.DayOutOfRange);
        RuleFor(q => q.To).Must((q, to) => to!.Value.DayNumber - q.From!.Value.DayNumber < DashboardPeriod.MaxDays)
            .When(q => q.From is not null && q.To is not null && q.To >= q.From)
            .WithMessage(_ => string.Format(InsightText.RangeTooLong, DashboardPeriod.MaxDays));
    }

    /// <summary>A day anyone could mean (years 2000–2100): the period before it must still be a date.</summary>
    private static bool IsSensible(DateOnly? day) => day is { Year: >= 2000 and <= 2100 };
}

internal static class PeriodQuery
{
    /// <summary>The kind and days a query asks for, today being the store's day of <paramref name="now"/>.</summary>
    public static (PeriodKind Kind, DashboardPeriod Days) Resolve(IPeriodQuery query, StoreInfo? store, DateTimeOffset now) =>
        query is { From: { } from, To: { } to }
            ? (PeriodKind.Custom, DashboardPeriod.Custom(from, to))
            : (query.Period, DashboardPeriod.For(query.Period, StoreTime.DayOf(store, now)));
}
