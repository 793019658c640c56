// `OrderLoad seed-promotions --url U --host H --db CONN --tenant T --skus FILE --count N --coupons-out FILE`:
// through the admin API as the demo owner, disables every live 满减/满折 the demo seed left (so the run without promotions
// prices with none), then with N > 0 creates 10 live promotions over the benchmark's 1,000 SKUs (N is a switch: the mix
// is fixed), live from an hour ago for a week:
//   3 限时折扣: 8.5折 on SKUs 1-100, a fixed price (half the median) on SKUs 101-150, 9折 on SKUs 51-200 (overlapping);
//   1 秒杀 session with one item (SKU 501, half price, quota 100,000, one per shopper);
//   3 满减/满折: whole store 满(2×median)减10 / 满(3×median)减30; 满2件95折 on the categories of SKUs 1-300;
//     满(median)减15 on the products of SKUs 601-800, not stacking with coupons;
//   3 coupons (claimable, 30 days from claim): whole store 满(1.5×median)减5; 9折 capped at ¥20 on the categories of
//     SKUs 1-300 above the median; an exclusive ¥50 off above 10×median (held, never reached).
// Median: of the 1,000 SKUs' prices. Prints one JSON line with what it created.
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

internal static class Promotions
{
    public static async Task SeedAsync(string[] args)
    {
        var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
            .ToDictionary(p => p.a[2..], p => args[p.i + 1]);
        var count = int.Parse(options.GetValueOrDefault("count", "10"), CultureInfo.InvariantCulture);
        var skuIds = File.ReadAllLines(options["skus"]).Where(l => l.Length > 0).Select(Guid.Parse).ToArray();

        await using var conn = new NpgsqlConnection(options["db"]);
        await conn.OpenAsync();
        await using (var set = new NpgsqlCommand($"select set_config('app.tenant_id', '{Guid.Parse(options["tenant"])}', false)", conn))
        {
            await set.ExecuteNonQueryAsync();
        }

        var skus = new Dictionary<Guid, (Guid Product, Guid? Category, decimal Price)>();
        await using (var query = new NpgsqlCommand(
            "select s.id, s.product_id, p.category_id, s.price from skus s "
            + "join products p on p.tenant_id = s.tenant_id and p.id = s.product_id where s.id = any($1)",
            conn))
        {
            query.Parameters.AddWithValue(skuIds);
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                skus[reader.GetGuid(0)] = (reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.GetDecimal(3));
            }
        }

        var ordered = skuIds.Select(id => (Id: id, Info: skus[id])).ToArray();
        var prices = ordered.Select(s => s.Info.Price).Order().ToArray();
        var median = prices[prices.Length / 2];
        static decimal Yuan(decimal v) => Math.Max(1m, decimal.Round(v, 0));

        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true })
        {
            BaseAddress = new Uri(options["url"]),
        };
        http.DefaultRequestHeaders.Host = options["host"];
        http.DefaultRequestHeaders.Add("X-Requested-With", "OrderLoad");   // body-less API posts (disable) need it
        var login = await http.PostAsJsonAsync("/api/v1/admin/login", new { email = "owner@demo.local", password = "storefront-demo" });
        await Check(login, "admin login");

        async Task<Guid> Post(string path, object body)
        {
            var response = await http.PostAsJsonAsync("/api/v1/admin/promotions/" + path, body);
            await Check(response, path);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }

        // The demo seed's live 满减 (and any other order promotion) off, so that "without" means none.
        var existing = await http.GetFromJsonAsync<JsonElement>("/api/v1/admin/promotions/order-promotions");
        var disabled = 0;
        foreach (var row in Rows(existing))
        {
            var response = await http.PostAsync($"/api/v1/admin/promotions/order-promotions/{row.GetProperty("id").GetGuid()}/disable", null);
            await Check(response, "disable order promotion");
            disabled++;
        }

        var created = new List<string>();
        var couponIds = new List<Guid>();
        if (count > 0)
        {
            var from = DateTimeOffset.UtcNow.AddHours(-1);
            var until = from.AddDays(7);
            Guid[] Sku(int first, int last) => [.. ordered[(first - 1)..last].Select(s => s.Id)];
            Guid[] Products(int first, int last) => [.. ordered[(first - 1)..last].Select(s => s.Info.Product).Distinct().Take(500)];
            Guid[] Categories(int first, int last) => [.. ordered[(first - 1)..last].Select(s => s.Info.Category).OfType<Guid>().Distinct().Take(500)];

            await Post("item-discounts", new { name = "压测 8.5折", kind = "Rate", value = 0.85m, skuIds = Sku(1, 100), startsAt = from, endsAt = until });
            await Post("item-discounts",
                new { name = "压测一口价", kind = "FixedPrice", value = Yuan(median / 2), skuIds = Sku(101, 150), startsAt = from, endsAt = until });
            await Post("item-discounts", new { name = "压测 9折", kind = "Rate", value = 0.9m, skuIds = Sku(51, 200), startsAt = from, endsAt = until });
            created.Add("3 item discounts");

            var flashSku = ordered[500];
            await Post("flash-sales", new
            {
                name = "压测秒杀",
                startsAt = from,
                endsAt = until,
                items = new[]
                {
                    new { skuId = flashSku.Id, flashPrice = Math.Max(0.01m, decimal.Round(flashSku.Info.Price / 2, 2)), quota = 100_000, perShopperLimit = 1 },
                },
            });
            created.Add("1 flash sale item");

            await Post("order-promotions", new
            {
                name = "压测全场满减",
                kind = "AmountOff",
                threshold = "Amount",
                scope = "Store",
                scopeIds = Array.Empty<Guid>(),
                stacksWithCoupons = true,
                tiers = new[] { new { threshold = Yuan(2 * median), value = 10m }, new { threshold = Yuan(3 * median), value = 30m } },
                startsAt = from,
                endsAt = until,
            });
            var categories = Categories(1, 300);
            await Post("order-promotions", new
            {
                name = "压测满2件95折",
                kind = "Rate",
                threshold = "Quantity",
                scope = "Categories",
                scopeIds = categories,
                stacksWithCoupons = true,
                tiers = new[] { new { threshold = 2m, value = 0.95m } },
                startsAt = from,
                endsAt = until,
            });
            await Post("order-promotions", new
            {
                name = "压测精选满减",
                kind = "AmountOff",
                threshold = "Amount",
                scope = "Products",
                scopeIds = Products(601, 800),
                stacksWithCoupons = false,
                tiers = new[] { new { threshold = Yuan(median), value = 15m } },
                startsAt = from,
                endsAt = until,
            });
            created.Add($"3 order promotions ({categories.Length} categories in the second's scope)");

            object Coupon(string name, string kind, decimal value, decimal? cap, decimal minSpend, string scope, Guid[] scopeIds, bool stackable) => new
            {
                name,
                kind,
                value,
                cap,
                minSpend,
                scope,
                scopeIds,
                stackable,
                validity = "DaysFromClaim",
                validDays = 30,
                totalQuantity = 1_000_000,
                perShopperLimit = 1,
                claimable = true,
                forNewMembers = false,
            };
            couponIds.Add(await Post("coupons", Coupon("压测满减券", "Amount", 5m, null, Yuan(1.5m * median), "Store", [], true)));
            couponIds.Add(await Post("coupons", Coupon("压测品类9折券", "Rate", 0.9m, 20m, Yuan(median), "Categories", categories, true)));
            couponIds.Add(await Post("coupons", Coupon("压测大额券", "Amount", 50m, null, Yuan(10 * median), "Store", [], false)));
            created.Add("3 coupons");
        }

        if (options.TryGetValue("coupons-out", out var couponsOut))
        {
            await File.WriteAllLinesAsync(couponsOut, couponIds.Select(c => c.ToString()));
        }

        Console.WriteLine(JsonSerializer.Serialize(new { disabledOrderPromotions = disabled, created, medianPrice = median }));
    }

    private static IEnumerable<JsonElement> Rows(JsonElement list) =>
        list.ValueKind == JsonValueKind.Array ? list.EnumerateArray()
        : list.TryGetProperty("items", out var items) ? items.EnumerateArray()
        : list.TryGetProperty("rows", out var rows) ? rows.EnumerateArray() : [];

    private static async Task Check(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
