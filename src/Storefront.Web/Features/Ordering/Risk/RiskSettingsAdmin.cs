using System.Globalization;
using System.Linq.Expressions;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering.Risk;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Ordering.Risk;

/// <summary>
/// The store's 风控 settings (store owner only): the rules' weights and triggers, the threshold above which orders are held,
/// and the coupon claim limits per IP and per address. A change applies to orders placed and coupons claimed from then on;
/// the audit trail records it (AuditBehavior, before → after).
/// </summary>
public static class RiskSettingsAdmin
{
    public sealed record Query : IRequest<RiskSettingsValues>;

    public sealed record Update : ICommand<RiskSettingsValues>
    {
        public bool Enabled { get; set; } = true;

        public int Threshold { get; set; }

        public int NewAccountDays { get; set; }

        public decimal HighAmount { get; set; }

        public int NewAccountWeight { get; set; }

        public int OrdersPerDay { get; set; }

        public int AddressOrdersWeight { get; set; }

        public int PhoneOrdersWeight { get; set; }

        public int FailedPayments { get; set; }

        public int FailedPaymentsWeight { get; set; }

        public int SharedCouponAccounts { get; set; }

        public int SharedCouponWeight { get; set; }

        public int FarAddressWeight { get; set; }

        public int ClaimsPerIp { get; set; }

        public int ClaimsPerAddress { get; set; }

        public RiskSettingsValues ToValues() => new(
            Enabled, Threshold, NewAccountDays, HighAmount, NewAccountWeight, OrdersPerDay, AddressOrdersWeight, PhoneOrdersWeight, FailedPayments,
            FailedPaymentsWeight, SharedCouponAccounts, SharedCouponWeight, FarAddressWeight, ClaimsPerIp, ClaimsPerAddress);

        public static Update From(RiskSettingsValues v) => new()
        {
            Enabled = v.Enabled,
            Threshold = v.Threshold,
            NewAccountDays = v.NewAccountDays,
            HighAmount = v.HighAmount,
            NewAccountWeight = v.NewAccountWeight,
            OrdersPerDay = v.OrdersPerDay,
            AddressOrdersWeight = v.AddressOrdersWeight,
            PhoneOrdersWeight = v.PhoneOrdersWeight,
            FailedPayments = v.FailedPayments,
            FailedPaymentsWeight = v.FailedPaymentsWeight,
            SharedCouponAccounts = v.SharedCouponAccounts,
            SharedCouponWeight = v.SharedCouponWeight,
            FarAddressWeight = v.FarAddressWeight,
            ClaimsPerIp = v.ClaimsPerIp,
            ClaimsPerAddress = v.ClaimsPerAddress,
        };
    }

    internal sealed class Validator : AbstractValidator<Update>
    {
        public Validator()
        {
            Range(c => c.Threshold, 0, RiskSettings.MaxThreshold);
            foreach (var weight in new Expression<Func<Update, int>>[]
            {
                c => c.NewAccountWeight, c => c.AddressOrdersWeight, c => c.PhoneOrdersWeight, c => c.FailedPaymentsWeight, c => c.SharedCouponWeight,
                c => c.FarAddressWeight,
            })
            {
                Range(weight, 0, RiskSettings.MaxWeight);
            }

            foreach (var count in new Expression<Func<Update, int>>[]
            {
                c => c.NewAccountDays, c => c.OrdersPerDay, c => c.FailedPayments, c => c.SharedCouponAccounts,
            })
            {
                Range(count, 1, RiskSettings.MaxCount);
            }

            Range(c => c.ClaimsPerIp, 0, RiskSettings.MaxCount);
            Range(c => c.ClaimsPerAddress, 0, RiskSettings.MaxCount);
            RuleFor(c => c.HighAmount).InclusiveBetween(0m, RiskSettings.MaxAmount)
                .WithMessage(_ => string.Format(CultureInfo.CurrentCulture, RiskText.RangeError, 0, RiskSettings.MaxAmount));
        }

        private void Range(Expression<Func<Update, int>> property, int min, int max) =>
            RuleFor(property).InclusiveBetween(min, max).WithMessage(_ => string.Format(CultureInfo.CurrentCulture, RiskText.RangeError, min, max));
    }

    internal sealed class QueryHandler(StorefrontDb db) : IRequestHandler<Query, RiskSettingsValues>
    {
        public async Task<RiskSettingsValues> Handle(Query request, CancellationToken cancellationToken) =>
            (await RiskScoring.SettingsAsync(db, cancellationToken)).Values;
    }

    internal sealed class UpdateHandler(StorefrontDb db, TenantContext tenant, TimeProvider clock) : IRequestHandler<Update, RiskSettingsValues>
    {
        public async Task<RiskSettingsValues> Handle(Update request, CancellationToken cancellationToken)
        {
            var settings = await db.RiskSettings.SingleOrDefaultAsync(cancellationToken);
            if (settings is null)
            {
                settings = RiskSettings.Default(tenant.RequiredId);
                db.RiskSettings.Add(settings);
            }

            settings.Configure(request.ToValues(), clock.GetUtcNow());
            return settings.Values;
        }
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/admin/settings/risk", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.StoreOwner).WithTags("Admin settings");
        api.MapPut("/admin/settings/risk", async ([FromBody] Update command, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(command, ct)))
            .RequireAuthorization(Policies.StoreOwner).WithTags("Admin settings").ProducesValidationProblem();
    }
}
