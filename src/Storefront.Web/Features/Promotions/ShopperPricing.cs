using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Storefront.Domain.Pricing;
using Storefront.Web.Features.Catalog;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Promotions;

/// <summary>
/// Builds the <see cref="PricingContext"/> the engine prices a shopper's cart, checkout preview or order with, in one
/// round trip (five statements in one batch): the live 限时折扣 on the lines' products and SKUs, the live 秒杀 items of
/// the lines' SKUs with what is left of their quota and what this shopper already holds of them, the live 满减/满折
/// (a category scope covers the scoped categories' subcategories too, from the store's cached
/// <see cref="StoreCategories"/>), the shopper's unused coupons
/// (those not yet valid too, so the picker can say why), the shopper's tier benefits (the account's tier, or the
/// store's starting tier when no account is open yet), the points balance and the store's redemption rules. A guest
/// gets the promotions only.
/// </summary>
public static class ShopperPricing
{
    /// <summary>
    /// At most this many of the shopper's coupons are weighed (the ones expiring first). Coupons that expired in the last
    /// 30 days come after them: the engine lists them as 已过期 and refuses them by that name.
    /// </summary>
    public const int MaxCoupons = 50;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The context, and what placing an order needs besides: whether the member account row exists, the points expiry.</summary>
    public sealed record Loaded(PricingContext Context, bool HasMemberAccount, int PointsExpiryYears);

    public static async Task<Loaded> LoadAsync(
        StorefrontDb db,
        CatalogCache cache,
        Guid tenantId,
        Guid? shopperId,
        IReadOnlyList<PricingLine> lines,
        DateTimeOffset at,
        CouponChoice coupon,
        int pointsToUse,
        CancellationToken ct)
    {
        var categories = await StoreCategories.LoadAsync(db, cache, ct);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = TenantSessionInterceptor.NewBatch(db);
            foreach (var command in Commands(tenantId, shopperId, at, LineIds.Of(lines)))
            {
                batch.BatchCommands.Add(command);
            }

            await using var reader = await batch.ExecuteReaderAsync(ct);
            return await ReadAsync(reader, shopperId, coupon, pointsToUse, categories, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The five statements for the shopper's selected cart lines, which the statements read themselves: placing an order
    /// sends them in the batch that reads the cart (one round trip). Read their rows with <see cref="ReadAsync"/>.
    /// </summary>
    public static IReadOnlyList<NpgsqlBatchCommand> SelectedCartCommands(Guid tenantId, Guid shopperId, DateTimeOffset at) =>
        Commands(tenantId, shopperId, at, LineIds.SelectedCartOf(shopperId));

    /// <summary>Which lines the statements price: ids given as arrays, or the owner's selected cart lines (subqueries).</summary>
    private sealed record LineIds(Guid[]? Products, Guid[]? Skus, Guid Owner)
    {
        public static LineIds Of(IReadOnlyList<PricingLine> lines) => new(
            [.. lines.Select(l => l.ProductId).Distinct()],
            [.. lines.Select(l => l.SkuId).Distinct()],
            Guid.Empty);

        public static LineIds SelectedCartOf(Guid owner) => new(null, null, owner);

        /// <summary>SQL for the array of the lines' <paramref name="column"/>, the next parameter being number <paramref name="next"/>.</summary>
        public (string Sql, NpgsqlParameter Parameter) Array(LineColumn column, int next)
        {
            var given = column == LineColumn.Product ? Products : Skus;
            if (given is not null)
            {
                return ($"${next}", new NpgsqlParameter { Value = given, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            }

            var (select, joins) = column == LineColumn.Product
                ? ("s.product_id", " join skus s on s.tenant_id = c.tenant_id and s.id = c.sku_id")
                : ("c.sku_id", "");

            // An expression (not a bare subquery, which "= any(…)" would read row by row), never null.
            return ($"""
                coalesce((select array_agg({select}) from cart_lines c{joins}
                 where c.tenant_id = $1 and c.owner_id = ${next} and c.selected), array[]::uuid[])
                """, new NpgsqlParameter { Value = Owner, NpgsqlDbType = NpgsqlDbType.Uuid });
        }
    }

    private enum LineColumn
    {
        Product,
        Sku,
    }

    private static IReadOnlyList<NpgsqlBatchCommand> Commands(Guid tenantId, Guid? shopperId, DateTimeOffset at, LineIds lines)
    {
        var shopper = shopperId ?? Guid.Empty;

        NpgsqlParameter P(object value, NpgsqlDbType? type = null) =>
            type is { } t ? new NpgsqlParameter { Value = value, NpgsqlDbType = t } : new NpgsqlParameter { Value = value };

        NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddRange(parameters);
            return command;
        }

        var (discountProducts, discountProductsParameter) = lines.Array(LineColumn.Product, 3);
        var (discountSkus, discountSkusParameter) = lines.Array(LineColumn.Sku, 4);
        var (flashSkus, flashSkusParameter) = lines.Array(LineColumn.Sku, 4);
        return
        [
            Command($"""
                select id, name, kind, value, product_ids, sku_ids, starts_at, ends_at from item_discounts
                where tenant_id = $1 and is_enabled and starts_at <= $2 and ends_at > $2 and (product_ids && {discountProducts} or sku_ids && {discountSkus})
                """, P(tenantId), P(at), discountProductsParameter, discountSkusParameter),
            Command($"""
                select i.id, s.id, s.name, i.sku_id, i.flash_price, i.quota - i.sold, i.per_shopper_limit, coalesce(p.quantity, 0), s.starts_at, s.ends_at
                from flash_sale_items i
                join flash_sales s on s.tenant_id = i.tenant_id and s.id = i.flash_sale_id
                left join flash_purchases p on p.tenant_id = i.tenant_id and p.item_id = i.id and p.shopper_id = $3
                where i.tenant_id = $1 and i.sku_id = any({flashSkus}) and s.is_enabled and s.starts_at <= $2 and s.ends_at > $2
                order by s.starts_at, i.id
                """, P(tenantId), P(at), P(shopper), flashSkusParameter),
            Command("""
                select id, name, kind, threshold, tiers::text, scope, scope_ids, stacks_with_coupons, starts_at, ends_at from order_promotions
                where tenant_id = $1 and is_enabled and starts_at <= $2 and ends_at > $2
                """, P(tenantId), P(at)),
            Command("""
                select sc.id, c.id, c.name, c.kind, c.value, c.cap, c.min_spend, c.scope, c.scope_ids, c.stackable, sc.valid_from, sc.valid_until
                from shopper_coupons sc join coupons c on c.tenant_id = sc.tenant_id and c.id = sc.coupon_id
                where sc.tenant_id = $1 and sc.shopper_id = $3 and sc.used_order_id is null and sc.valid_until > $2 - interval '30 days'
                order by sc.valid_until <= $2, sc.valid_until, sc.id
                limit $4
                """, P(tenantId), P(at), P(shopper), P(MaxCoupons)),
            Command("""
                select st.points_redeem_per_yuan, st.points_redeem_cap_percent, st.points_expiry_years,
                       a.shopper_id is not null, coalesce(a.points_balance, 0),
                       t.id, t.name, t.discount_rate, t.free_shipping, t.points_multiplier
                from stores st
                left join member_accounts a on a.tenant_id = st.id and a.shopper_id = $2
                left join lateral (
                    select m.id, m.name, m.discount_rate, m.free_shipping, m.points_multiplier from member_tiers m
                    where m.tenant_id = st.id and (m.id = a.tier_id or (a.tier_id is null and m.growth_threshold <= coalesce(a.growth, 0)))
                    order by m.id = a.tier_id desc, m.growth_threshold desc
                    limit 1) t on true
                where st.id = $1
                """, P(tenantId), P(shopper)),
        ];
    }

    /// <summary>
    /// The context from the rows of the five statements (<see cref="SelectedCartCommands"/>, or those <see cref="LoadAsync"/>
    /// sends), the reader positioned on the first statement's result; left on the last. <paramref name="categories"/>: the
    /// store's tree, which category scopes are widened with (a scope on a category covers its subcategories).
    /// </summary>
    public static async Task<Loaded> ReadAsync(
        NpgsqlDataReader r, Guid? shopperId, CouponChoice coupon, int pointsToUse, StoreCategories categories, CancellationToken ct)
    {
        var itemDiscounts = new List<ItemDiscountRule>();
        var flash = new List<FlashPriceRule>();
        var promotions = new List<(OrderPromotionRule Rule, Guid[] ScopeIds)>();
        var coupons = new List<(CouponOffer Offer, Guid[] ScopeIds)>();
        MemberBenefits? member = null;
        PointsRules? points = null;
        var balance = 0;
        var hasAccount = false;
        var expiryYears = 1;

        while (await r.ReadAsync(ct))
        {
            itemDiscounts.Add(new ItemDiscountRule(r.GetGuid(0), r.GetString(1), Enum.Parse<ItemDiscountKind>(r.GetString(2)), r.GetDecimal(3),
                r.GetFieldValue<Guid[]>(4).ToHashSet(), r.GetFieldValue<Guid[]>(5).ToHashSet(), r.GetFieldValue<DateTimeOffset>(6),
                r.GetFieldValue<DateTimeOffset>(7)));
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            flash.Add(new FlashPriceRule(r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetGuid(3), r.GetDecimal(4), r.GetInt32(5), r.GetInt32(6),
                shopperId is null ? 0 : r.GetInt32(7), r.GetFieldValue<DateTimeOffset>(8), r.GetFieldValue<DateTimeOffset>(9)));
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var scopeIds = r.GetFieldValue<Guid[]>(6);
            promotions.Add((new OrderPromotionRule(r.GetGuid(0), r.GetString(1), Enum.Parse<OrderPromotionKind>(r.GetString(2)),
                Enum.Parse<ThresholdKind>(r.GetString(3)), JsonSerializer.Deserialize<List<PromotionTier>>(r.GetString(4), Json) ?? [],
                new PromotionScope(Enum.Parse<ScopeKind>(r.GetString(5)), scopeIds.ToHashSet()), r.GetBoolean(7),
                r.GetFieldValue<DateTimeOffset>(8), r.GetFieldValue<DateTimeOffset>(9)), scopeIds));
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var scopeIds = r.GetFieldValue<Guid[]>(8);
            coupons.Add((new CouponOffer(r.GetGuid(0), r.GetGuid(1), r.GetString(2), Enum.Parse<CouponKind>(r.GetString(3)), r.GetDecimal(4),
                r.IsDBNull(5) ? null : r.GetDecimal(5), r.GetDecimal(6), new PromotionScope(Enum.Parse<ScopeKind>(r.GetString(7)), scopeIds.ToHashSet()),
                r.GetBoolean(9), r.GetFieldValue<DateTimeOffset>(10), r.GetFieldValue<DateTimeOffset>(11)), scopeIds));
        }

        await r.NextResultAsync(ct);
        if (await r.ReadAsync(ct))
        {
            points = new PointsRules(r.GetInt32(0), r.GetInt32(1));
            expiryYears = r.GetInt32(2);
            hasAccount = r.GetBoolean(3);
            balance = r.GetInt32(4);
            if (!r.IsDBNull(5))
            {
                member = new MemberBenefits(r.GetGuid(5), r.GetString(6), r.GetDecimal(7), r.GetBoolean(8), r.GetDecimal(9));
            }
        }

        // A category scope covers its subcategories (a category no longer in the tree stands for itself).
        IReadOnlySet<Guid> Expand(Guid[] ids) =>
            ids.SelectMany(id => categories.Find(id) is { } node ? categories.SubtreeIds(node) : [id]).ToHashSet();

        var context = new PricingContext(
            shopperId is null ? null : member,
            itemDiscounts,
            flash,
            [.. promotions.Select(
                    p => p.Rule.Scope.Kind == ScopeKind.Categories
                        ? p.Rule with { Scope = new PromotionScope(ScopeKind.Categories, Expand(p.ScopeIds)) }
                        : p.Rule)],
            shopperId is null
                ? []
                : [.. coupons.Select(
                        c => c.Offer.Scope.Kind == ScopeKind.Categories
                            ? c.Offer with { Scope = new PromotionScope(ScopeKind.Categories, Expand(c.ScopeIds)) }
                            : c.Offer)],
            shopperId is null ? CouponChoice.None : coupon,
            shopperId is null ? null : points,
            shopperId is null ? 0 : balance,
            shopperId is null ? 0 : Math.Max(0, pointsToUse));
        return new Loaded(context, hasAccount, expiryYears);
    }

    /// <summary>
    /// The shopper's coupon choice as a form or the API gives it: empty or "best" (the engine's pick), "none", or the id of a
    /// coupon the shopper holds. Null when it is none of these.
    /// </summary>
    public static CouponChoice? ParseChoice(string? value) =>
        string.IsNullOrWhiteSpace(value) || value.Trim().Equals("best", StringComparison.OrdinalIgnoreCase) ? CouponChoice.Best
        : value.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) ? CouponChoice.None
        : Guid.TryParse(value.Trim(), out var id) ? CouponChoice.Of(id)
        : null;
}
