using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Domain.Ordering.Risk;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Ordering.Risk;

/// <summary>
/// 风控 at checkout and at coupon claims: reads the facts the rules judge (<see cref="RiskRules"/>) and the store's settings in
/// one statement, one round trip, on indexes (ix_orders_address, ix_orders_phone, ix_orders_shopper, ix_payments_order, the
/// shopper_coupons claim indexes). docs/decisions/0041-risk-control.md
/// </summary>
public static class RiskScoring
{
    /// <summary>The window of the "in a day" counts: the last 24 hours, not the calendar day.</summary>
    public static readonly TimeSpan Day = TimeSpan.FromHours(24);

    /// <summary>Counts stop here: a rule only asks "at least N" (N ≤ this in practice), and a busy address costs no more than this.</summary>
    public const int CountCap = 100;

    /// <summary>The usual region is the most frequent (province, city) of the shopper's latest orders not cancelled, this many.</summary>
    public const int UsualOrders = 20;

    private const string SettingsColumns = """
        r.enabled, r.threshold, r.new_account_days, r.high_amount, r.new_account_weight, r.orders_per_day, r.address_orders_weight,
        r.phone_orders_weight, r.failed_payments, r.failed_payments_weight, r.shared_coupon_accounts, r.shared_coupon_weight,
        r.far_address_weight, r.claims_per_ip, r.claims_per_address
        """;

    /// <summary>Scores an order about to be placed (not yet written, so it counts none of itself).</summary>
    public static async Task<RiskAssessment> AssessAsync(
        StorefrontDb db, Guid shopperId, ShippingAddress address, decimal total, Guid? shopperCouponId, DateTimeOffset now, CancellationToken ct)
    {
        var tenantId = db.TenantId!.Value;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand($"""
                select
                    (select created_at from shoppers where tenant_id = $1 and id = $2),
                    (select count(*) from (select 1 from orders where tenant_id = $1 and ship_street = $3 and placed_at >= $4
                        and ship_province = $5 and ship_city = $6 and ship_district = $7 limit {CountCap}) c)::int,
                    (select count(*) from (select 1 from orders where tenant_id = $1 and ship_phone = $8 and placed_at >= $4 limit {CountCap}) c)::int,
                    (select count(*) from (select 1 from orders o join payments p on p.tenant_id = o.tenant_id and p.order_id = o.id
                        where o.tenant_id = $1 and o.shopper_id = $2 and o.placed_at >= $10 and p.status = 'Failed'
                            and coalesce(p.completed_at, p.created_at) >= $4 limit {CountCap}) c)::int,
                    (select count(*) from (select distinct other.shopper_id from shopper_coupons mine
                        join shopper_coupons other on other.tenant_id = mine.tenant_id and other.coupon_id = mine.coupon_id
                            and other.shopper_id <> mine.shopper_id
                            and (other.claim_ip = mine.claim_ip or other.claim_address_key = mine.claim_address_key)
                        where mine.tenant_id = $1 and mine.id = $9 limit {CountCap}) c)::int,
                    u.ship_province, u.ship_city,
                    {SettingsColumns}
                from (select 1) one
                left join lateral (
                    select ship_province, ship_city from (
                        select ship_province, ship_city, placed_at from orders
                        where tenant_id = $1 and shopper_id = $2 and status <> 'Cancelled' order by placed_at desc limit {UsualOrders}) recent
                    group by ship_province, ship_city order by count(*) desc, max(placed_at) desc limit 1) u on true
                left join risk_settings r on r.tenant_id = $1
                """, (NpgsqlConnection)db.Database.GetDbConnection())
            {
                Parameters =
                {
                    new() { Value = tenantId }, new() { Value = shopperId }, new() { Value = address.Street }, new() { Value = now - Day },
                    new() { Value = address.Province }, new() { Value = address.City }, new() { Value = address.District },
                    new() { Value = address.Phone },
                    new() { Value = (object?)shopperCouponId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
                    new() { Value = now - Day - Day },   // a payment of the last day is on an order of the last two (timeout ≤ 24 h)
                },
            };
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var createdAt = reader.IsDBNull(0) ? now : reader.GetFieldValue<DateTimeOffset>(0);
            var facts = new RiskFacts(
                total, now - createdAt, reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), address.Province, address.City,
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6));
            var settings = ReadSettings(reader, 7, tenantId, now);
            return RiskRules.Assess(facts, settings);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The store's settings, or the defaults when it has saved none.</summary>
    public static async Task<RiskSettings> SettingsAsync(StorefrontDb db, CancellationToken ct) =>
        await db.RiskSettings.AsNoTracking().SingleOrDefaultAsync(ct) ?? RiskSettings.Default(db.TenantId!.Value);

    /// <summary>
    /// Refuses (400, coupon.claim-limit) a claim of <paramref name="couponId"/> when the claims of it already made from this
    /// IP, or for this address (by any account), reach the store's limit (0: no limit). Transaction-scoped advisory locks on
    /// (coupon, IP) and (coupon, address), taken in that order before the claim's own (shopper, coupon) lock, make two
    /// accounts claiming at once take turns.
    /// </summary>
    public static async Task EnsureClaimAllowedAsync(StorefrontDb db, Guid couponId, string? ip, string? addressKey, CancellationToken ct)
    {
        var settings = await SettingsAsync(db, ct);
        var coupon = couponId.ToString();
        if (ip is not null && settings.ClaimsPerIp > 0)
        {
            await db.Database.ExecuteSqlAsync($"select pg_advisory_xact_lock(hashtext({"coupon-ip:" + ip}), hashtext({coupon}))", ct);
            if (await db.ShopperCoupons.CountAsync(c => c.CouponId == couponId && c.ClaimIp == ip, ct) >= settings.ClaimsPerIp)
            {
                throw new DomainException("coupon.claim-limit", RiskText.ClaimLimitIp);
            }
        }

        if (addressKey is not null && settings.ClaimsPerAddress > 0)
        {
            await db.Database.ExecuteSqlAsync($"select pg_advisory_xact_lock(hashtext({"coupon-address:" + addressKey}), hashtext({coupon}))", ct);
            if (await db.ShopperCoupons.CountAsync(c => c.CouponId == couponId && c.ClaimAddressKey == addressKey, ct) >= settings.ClaimsPerAddress)
            {
                throw new DomainException("coupon.claim-limit", RiskText.ClaimLimitAddress);
            }
        }
    }

    /// <summary>The key of the shopper's default address (else their latest), or null without an address book entry.</summary>
    public static async Task<string?> DefaultAddressKeyAsync(StorefrontDb db, Guid shopperId, CancellationToken ct)
    {
        var address = await db.Addresses.AsNoTracking().Where(a => a.ShopperId == shopperId)
            .OrderByDescending(a => a.IsDefault).ThenByDescending(a => a.UpdatedAt).Select(a => a.Address).FirstOrDefaultAsync(ct);
        return address is null ? null : RiskRules.AddressKey(address);
    }

    private static RiskSettings ReadSettings(NpgsqlDataReader reader, int at, Guid tenantId, DateTimeOffset now)
    {
        var settings = RiskSettings.Default(tenantId);
        if (reader.IsDBNull(at))
        {
            return settings;
        }

        int Int(int i) => reader.GetInt32(at + i);
        settings.Configure(new RiskSettingsValues(
            reader.GetBoolean(at), Int(1), Int(2), reader.GetDecimal(at + 3), Int(4), Int(5), Int(6), Int(7), Int(8), Int(9), Int(10), Int(11), Int(12),
            Int(13), Int(14)), now);
        return settings;
    }

    /// <summary>The reasons in the reader's language: a rule's label and its fact (a count, an amount, a move between regions).</summary>
    public static string Describe(RiskReason reason) =>
        string.Format(CultureInfo.CurrentCulture, RiskText.ResourceManager.GetString("Reason_" + reason.Code.Replace('-', '_'), CultureInfo.CurrentUICulture)
            ?? reason.Code, reason.Detail) + $" (+{reason.Points})";
}
