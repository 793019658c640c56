using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Storefront.Domain.Catalog;
using Storefront.Domain.Common;
using Storefront.Web.Features.Demo;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Generator;

/// <summary>
/// Benchmark and demo data: <c>Storefront.Generator --store demo --products 100000</c> fills a store with a three-level category
/// tree and N products with their SKUs. Products are built through the domain (Product.Create, List, Delist), so every
/// rule and derived column (price range, search text, slug) holds, then written in batches with binary COPY on a
/// connection of the app role whose app.tenant_id is the store: COPY lands in temporary tables and an INSERT … SELECT
/// moves the rows on, so row-level security checks every one of them. Every run adds products under a run prefix of its
/// own (slugs and SKU codes stay unique); categories are reused by slug. Ends with VACUUM ANALYZE.
/// </summary>
public static partial class CatalogGenerator
{
    public const int DefaultProducts = 200;
    public const int MaxProducts = 1_000_000;
    public const string Usage = "usage: generate [--store <slug>] [--products <1-1000000>] [--seed <integer>]  (defaults: --store demo --products 200)";
    private const int BatchSize = 5_000;

    public sealed record Options(string Store = "demo", int Products = DefaultProducts, int? Seed = null)
    {
        /// <summary><c>--Section:Key value</c> (or <c>--Section:Key=value</c>) arguments: configuration for the hosted app.</summary>
        public static List<(string Key, string Value)> Settings(IReadOnlyList<string> args)
        {
            var settings = new List<(string, string)>();
            for (var i = 0; i < args.Count; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal) || !args[i].Contains(':', StringComparison.Ordinal))
                {
                    continue;
                }

                var eq = args[i].IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    settings.Add((args[i][2..eq], args[i][(eq + 1)..]));
                }
                else if (i + 1 < args.Count)
                {
                    settings.Add((args[i][2..], args[++i]));
                }
            }

            return settings;
        }

        /// <summary>Reads the command line. <c>--Section:Key value</c> arguments are configuration (<see cref="Settings"/>) and skipped.</summary>
        public static Options Parse(IReadOnlyList<string> args)
        {
            var options = new Options();
            for (var i = 0; i < args.Count; i++)
            {
                var arg = args[i];
                if (arg == "generate")
                {
                    continue;   // the verb's own name, when the arguments come from a `generate` command line
                }

                if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
                {
                    throw new ArgumentException($"Unexpected argument '{arg}'. {Usage}");
                }

                var eq = arg.IndexOf('=', StringComparison.Ordinal);
                var name = eq > 0 ? arg[2..eq] : arg[2..];
                var value = eq > 0 ? arg[(eq + 1)..] : null;
                if (name.Contains(':', StringComparison.Ordinal))
                {
                    i += value is null ? 1 : 0;
                    continue;
                }

                value ??= i + 1 < args.Count ? args[++i] : throw new ArgumentException($"--{name} needs a value. {Usage}");
                options = name.ToLowerInvariant() switch
                {
                    "store" => Domain.Tenancy.Store.IsValidSlug(value.Trim().ToLowerInvariant())
                        ? options with { Store = value.Trim().ToLowerInvariant() }
                        : throw new ArgumentException($"--store '{value}' is not a store slug. {Usage}"),
                    "products" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxProducts
                        ? options with { Products = n }
                        : throw new ArgumentException($"--products must be a whole number from 1 to {MaxProducts}, not '{value}'. {Usage}"),
                    "seed" => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed)
                        ? options with { Seed = seed }
                        : throw new ArgumentException($"--seed must be an integer, not '{value}'. {Usage}"),
                    _ => throw new ArgumentException($"Unknown option --{name}. {Usage}"),
                };
            }

            return options;
        }
    }

    public sealed record Report(
        string Store, string Run, int Products, int Listed, int Drafts, int Delisted, int Skus, int SoldOutSkus, int LowStockSkus,
        int CategoriesCreated, int CategoriesReused, int Brands, TimeSpan Elapsed, TimeSpan? AnalyzeElapsed);

    /// <summary>One generated product and its sales count (which the domain only ever changes through orders).</summary>
    internal sealed record Generated(Product Product, int SalesCount);

    /// <summary>A third-level category products go into, how often (relative weight), and the words of its top category.</summary>
    internal sealed record Leaf(Category Category, LeafDef Def, TopDef Top, double Weight);

    /// <summary>The command: parses, generates, prints what was made and how long it took. Returns the process exit code.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, TextWriter error,
        CancellationToken ct = default)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync(e.Message);
            return 2;
        }

        try
        {
            var r = await GenerateAsync(services, options, output, ct);
            var seconds = r.Elapsed.TotalSeconds;
            await output.WriteLineAsync(
                string.Create(CultureInfo.InvariantCulture,
                    $"Generated {r.Products} products in store '{r.Store}' (run {r.Run}): {r.Listed} listed, {r.Drafts} drafts, {r.Delisted} delisted.\n")
                + string.Create(CultureInfo.InvariantCulture,
                    $"  {r.Skus} SKUs ({(double)r.Skus / Math.Max(1, r.Products):0.00} per product; {r.SoldOutSkus} sold out, ")
                + string.Create(CultureInfo.InvariantCulture, $"{r.LowStockSkus} at or below their low-stock threshold), {r.Brands} brands.\n")
                + string.Create(CultureInfo.InvariantCulture,
                    $"  Categories: {r.CategoriesCreated} created, {r.CategoriesReused} reused ({Tree.Length} top, {Tree.Sum(t => t.Seconds.Length)} second, ")
                + string.Create(CultureInfo.InvariantCulture, $"{Tree.Sum(t => t.Seconds.Sum(s => s.Leaves.Length))} third level).\n")
                + string.Create(CultureInfo.InvariantCulture, $"Took {seconds:0.0} s ({r.Products / Math.Max(seconds, 0.001):0} products/s)")
                + string.Create(CultureInfo.InvariantCulture,
                    $"{(r.AnalyzeElapsed is { } a
                        ? $", VACUUM ANALYZE included ({a.TotalSeconds:0.0} s)"
                        : ", no ANALYZE (ConnectionStrings:StorefrontAdmin not set)")}."));
            return 0;
        }
        catch (GeneratorRefusal e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    public static async Task<Report> GenerateAsync(IServiceProvider services, Options options, TextWriter? progress = null, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var seed = options.Seed ?? Random.Shared.Next();
        var store = await FindStoreAsync(services, options.Store, ct);

        await using var scope = services.GetRequiredService<StoreScopes>().For(store);
        var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
        await db.Database.OpenConnectionAsync(ct);   // TenantSessionInterceptor sets app.tenant_id: RLS admits and checks this store's rows only
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();

        var run = await NewRunPrefixAsync(conn, new Random(seed), ct);
        var (plan, created, reused) = await EnsureCategoriesAsync(db, conn, store.Id, run, seed, now, ct);

        var products = new TableCopy<Generated>(db.Model, typeof(Product), g => g.Product,
            new Dictionary<string, Func<Generated, object?>> { [nameof(Product.SalesCount)] = g => g.SalesCount });
        var skus = new TableCopy<Sku>(db.Model, typeof(Sku), s => s);
        await products.PrepareAsync(conn, ct);
        await skus.PrepareAsync(conn, ct);

        var stats = new Stats();
        var next = Task.Run(() => Build(plan, 0, Math.Min(BatchSize, options.Products), seed), ct);
        for (var first = 0; first < options.Products; first += BatchSize)
        {
            var batch = await next;
            var following = first + BatchSize;
            if (following < options.Products)
            {
                next = Task.Run(() => Build(plan, following, Math.Min(BatchSize, options.Products - following), seed), ct);   // build while the database writes
            }

            await using (var tx = await conn.BeginTransactionAsync(ct))
            {
                await products.CopyAsync(conn, batch, ct);
                await skus.CopyAsync(conn, batch.SelectMany(g => g.Product.Skus), ct);
                await tx.CommitAsync(ct);
            }

            stats.Add(batch);
            if (progress is not null && options.Products >= 50_000 && (first + batch.Count) % 25_000 == 0)
            {
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {first + batch.Count}/{options.Products} products written ({Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s)"));
            }
        }

        var analyzed = await AnalyzeAsync(services, ct);
        await AnnounceAsync(services, store.Id, ct);
        return new Report(store.Slug, run, stats.Products, stats.Listed, stats.Drafts, stats.Delisted, stats.Skus, stats.SoldOut, stats.LowStock,
            created, reused, stats.Brands.Count, Stopwatch.GetElapsedTime(started), analyzed);
    }

    /// <summary>
    /// Products <paramref name="first"/> … first+count-1 of a run, built by the domain. Deterministic for a seed, and
    /// independent of other batches, so batches can be built on another thread while one is written.
    /// </summary>
    internal static List<Generated> Build(Plan plan, int first, int count, int seed)
    {
        var random = new Random(unchecked((seed * 7919) + first));
        var result = new List<Generated>(count);
        for (var seq = first; seq < first + count; seq++)
        {
            result.Add(BuildOne(plan, random, seq));
        }

        return result;
    }

    private static Generated BuildOne(Plan plan, Random random, int seq)
    {
        var leaf = plan.Pick(random);
        var profile = leaf.Top.Profile;
        var english = random.NextDouble() < 0.25;
        var brands = english ? [.. profile.Brands.Where(b => b.All(char.IsAscii))] : profile.Brands;
        var brand = Pick(random, brands);
        var adjectives = PickSome(random, profile.Adjectives, random.Next(1, 3));
        var name = english
            ? $"{brand} {string.Join(' ', adjectives.Select(a => a.En))} {leaf.Def.En}{Pick(random, EnSuffixes)}"
            : $"{brand} {string.Concat(adjectives.Select(a => a.Zh))} {leaf.Def.Zh}{Pick(random, ZhSuffixes)}";

        var attributes = profile.Attributes
            .Where(a => a.Name == "产地" || random.NextDouble() < 0.55)
            .Select(a => new ProductAttribute(a.Name, Pick(random, a.Values)))
            .ToList();

        var specCount = Math.Min(profile.Specs.Length, random.NextDouble() switch { < 0.25 => 0, < 0.75 => 1, _ => 2 });
        var specs = PickSome(random, profile.Specs, specCount)
            .Select(s => new SpecAttribute(s.Name, PickSome(random, s.Values, random.Next(1, 5))))
            .ToList();

        var basePrice = Price(random, leaf.Def.MinPrice, leaf.Def.MaxPrice);
        var steps = specs.Select((_, i) => random.NextDouble() < (i == 0 ? 0.6 : 0.3)
                ? Math.Max(1m, Math.Round(basePrice * (decimal)(0.05 + (random.NextDouble() * 0.2)), 0))
                : 0m)
            .ToList();
        var code = $"{plan.Run.ToUpperInvariant()}-{ToBase36(seq).PadLeft(4, '0').ToUpperInvariant()}";
        var threshold = Pick(random, [5, 10, 10, 20, 50]);
        var skus = Variants.Combinations(specs).Select((combo, j) =>
        {
            var price = Money.RoundToCent(basePrice + combo.Select((value, i) => specs[i].Values.ToList().IndexOf(value) * steps[i]).Sum());
            decimal? market = random.NextDouble() < 0.5 ? null : Math.Ceiling(price * (decimal)(1.15 + (random.NextDouble() * 0.65)));
            var roll = random.NextDouble();
            var stock = roll < 0.07 ? 0 : roll < 0.17 ? random.Next(1, threshold + 1) : threshold + 1 + (int)(Math.Pow(random.NextDouble(), 2) * 3000);
            return new SkuDraft(combo, $"{code}-{j + 1}", price, market, stock, threshold, random.Next(50, 5000));
        }).ToList();

        var description = new StringBuilder().Append(name).Append("\n\n- 品牌：").Append(brand);
        foreach (var attribute in attributes)
        {
            description.Append("\n- ").Append(attribute.Name).Append('：').Append(attribute.Value);
        }

        var sentences = english ? EnSentences : ZhSentences;
        description.Append("\n\n").Append(Pick(random, sentences)).Append(english ? " " : "").Append(Pick(random, sentences));

        var createdAt = plan.Now.AddMinutes(-random.Next(0, 540 * 24 * 60));
        var draft = new ProductDraft(name, description.ToString(), $"{Slugify(leaf.Def.En)}-{plan.Run}-{ToBase36(seq)}",
            random.NextDouble() < 0.4 ? Pick(random, Subtitles) : "", brand, leaf.Category.Id, AttributeList: attributes);
        var product = Product.Create(plan.TenantId, draft, specs, skus, createdAt);

        var status = random.NextDouble();
        if (status >= 0.05)
        {
            var listedAt = Min(createdAt.AddMinutes(random.Next(0, 3 * 24 * 60)), plan.Now);
            product.List(listedAt);
            if (status < 0.09)
            {
                product.Delist(listedAt + ((plan.Now - listedAt) * random.NextDouble()));
            }
            else if (random.NextDouble() < 0.02)
            {
                product.Edit(draft with { Featured = true }, listedAt);
            }
        }
        else if (random.NextDouble() < 0.2)
        {
            product.Schedule(plan.Now.AddHours(random.Next(1, 30 * 24)), null, plan.Now);
        }

        var sales = product.Status == ProductStatus.Draft ? 0 : (int)(Math.Pow(random.NextDouble(), 6) * 20_000);
        return new Generated(product, sales);
    }

    /// <summary>A price to the cent, log-uniform in the range, ending as shop prices do (.00, .90, .99 or any cents).</summary>
    private static decimal Price(Random random, decimal min, decimal max)
    {
        var raw = Math.Exp(Math.Log((double)min) + (random.NextDouble() * (Math.Log((double)max) - Math.Log((double)min))));
        var cents = random.Next(10) switch { < 4 => 0m, < 7 => 0.90m, < 9 => 0.99m, _ => random.Next(1, 100) / 100m };
        return Math.Max(0.01m, Math.Floor((decimal)raw) + cents);
    }

    private static async Task<StoreInfo> FindStoreAsync(IServiceProvider services, string slug, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using (var scope = services.CreateAsyncScope())
            {
                if (await scope.ServiceProvider.GetRequiredService<StoreDirectory>().FindBySlugAsync(slug, ct) is { } store)
                {
                    return store;
                }
            }

            if (attempt > 0 || slug is not ("demo" or "acme"))
            {
                throw new GeneratorRefusal($"There is no store '{slug}': open it in the platform console first, or use --store demo (seeded when missing).");
            }

            await DemoData.SeedAsync(services, ct);   // the demo seeder is an entry point of its own
        }
    }

    private static async Task<string> NewRunPrefixAsync(NpgsqlConnection conn, Random random, CancellationToken ct)
    {
        while (true)
        {
            var run = (char)('a' + random.Next(26)) + ToBase36(random.Next(36 * 36 * 36)).PadLeft(3, '0');
            await using var cmd = new NpgsqlCommand(
                "select exists (select 1 from skus where code like $1) or exists (select 1 from products where slug like $2)", conn);
            cmd.Parameters.AddWithValue(run.ToUpperInvariant() + "-%");
            cmd.Parameters.AddWithValue("%-" + run + "-%");
            if (await cmd.ExecuteScalarAsync(ct) is false)
            {
                return run;
            }
        }
    }

    /// <summary>Reuses the store's categories by slug and writes the missing ones of the tree.</summary>
    private static async Task<(Plan Plan, int Created, int Reused)> EnsureCategoriesAsync(
        StorefrontDb db, NpgsqlConnection conn, Guid tenantId, string run, int seed, DateTimeOffset now, CancellationToken ct)
    {
        var existing = await db.Categories.AsNoTracking().ToListAsync(ct);
        var (plan, created) = NewPlan(tenantId, run, existing, seed, now);
        if (created.Count > 0)
        {
            var copy = new TableCopy<Category>(db.Model, typeof(Category), c => c);
            await copy.PrepareAsync(conn, ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            await copy.CopyAsync(conn, created, ct);
            await tx.CommitAsync(ct);
        }

        return (plan, created.Count, plan.Leaves.Count + Tree.Length + Tree.Sum(t => t.Seconds.Length) - created.Count);
    }

    /// <summary>The category tree of a run: the store's existing categories where the slug matches, new ones (returned) elsewhere.</summary>
    internal static (Plan Plan, List<Category> Created) NewPlan(Guid tenantId, string run, IEnumerable<Category> existingCategories, int seed,
        DateTimeOffset now)
    {
        var existing = existingCategories.ToDictionary(c => c.Slug);
        var created = new List<Category>();
        Category Ensure(Category? parent, string name, string slug, int position)
        {
            var level = (parent?.Level ?? 0) + 1;
            if (existing.TryGetValue(slug, out var found))
            {
                return found.Level == level
                    ? found
                    : throw new GeneratorRefusal($"The store already has a category '{slug}' at level {found.Level}, where the generator puts one at level "
                        + $"{level}: rename it first.");
            }

            var category = Category.Create(tenantId, parent, name, slug, position, now);
            created.Add(category);
            existing[slug] = category;
            return category;
        }

        var random = new Random(seed);
        var leaves = new List<Leaf>();
        foreach (var (top, t) in Tree.Select((x, i) => (x, i)))
        {
            var topCategory = Ensure(null, top.Zh, top.Slug, t);
            foreach (var (second, s) in top.Seconds.Select((x, i) => (x, i)))
            {
                var secondCategory = Ensure(topCategory, second.Zh, second.Slug, s);
                foreach (var (leaf, l) in second.Leaves.Select((x, i) => (x, i)))
                {
                    leaves.Add(new Leaf(Ensure(secondCategory, leaf.Zh, leaf.Slug, l), leaf, top, 0.3 + (1.7 * random.NextDouble())));
                }
            }
        }

        return (new Plan(tenantId, run, leaves, now), created);
    }

    /// <summary>Tells running instances that the store's catalog changed, so they drop its cached pages.</summary>
    private static async Task AnnounceAsync(IServiceProvider services, Guid storeId, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(services.GetRequiredService<IConfiguration>().GetConnectionString("Storefront"));
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand($"select pg_notify('{CatalogCache.Channel}', $1)", conn);
        cmd.Parameters.AddWithValue(storeId.ToString());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>VACUUM ANALYZE as the tables' owner: fresh statistics, flushed GIN pending lists, a set visibility map.</summary>
    private static async Task<TimeSpan?> AnalyzeAsync(IServiceProvider services, CancellationToken ct)
    {
        var admin = services.GetRequiredService<IConfiguration>().GetConnectionString("StorefrontAdmin");
        if (string.IsNullOrEmpty(admin))
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("vacuum (analyze) categories, products, skus", conn) { CommandTimeout = 600 };
        await cmd.ExecuteNonQueryAsync(ct);
        return Stopwatch.GetElapsedTime(started);
    }

    internal static string Slugify(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        return sb.ToString().TrimEnd('-');
    }

    private static string ToBase36(int value)
    {
        const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var sb = new StringBuilder();
        do
        {
            sb.Insert(0, Digits[value % 36]);
            value /= 36;
        }
        while (value > 0);
        return sb.ToString();
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>Up to <paramref name="count"/> distinct items, in their original order.</summary>
    private static List<T> PickSome<T>(Random random, IReadOnlyList<T> items, int count)
    {
        var indexes = Enumerable.Range(0, items.Count).ToArray();
        random.Shuffle(indexes);
        return [.. indexes.Take(Math.Min(count, items.Count)).Order().Select(i => items[i])];
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    internal sealed class Plan(Guid tenantId, string run, IReadOnlyList<Leaf> leaves, DateTimeOffset now)
    {
        private readonly double[] _cumulative = [.. leaves.Select(l => l.Weight).Aggregate(new List<double>(), (acc, w) =>
        {
            acc.Add((acc.Count > 0 ? acc[^1] : 0) + w);
            return acc;
        })];

        public Guid TenantId => tenantId;

        public string Run => run;

        public DateTimeOffset Now => now;

        public IReadOnlyList<Leaf> Leaves => leaves;

        public Leaf Pick(Random random)
        {
            var index = Array.BinarySearch(_cumulative, random.NextDouble() * _cumulative[^1]);
            return leaves[Math.Min(index < 0 ? ~index : index, leaves.Count - 1)];
        }
    }

    private sealed class Stats
    {
        public int Products { get; private set; }

        public int Listed { get; private set; }

        public int Drafts { get; private set; }

        public int Delisted { get; private set; }

        public int Skus { get; private set; }

        public int SoldOut { get; private set; }

        public int LowStock { get; private set; }

        public HashSet<string> Brands { get; } = [];

        public void Add(IEnumerable<Generated> batch)
        {
            foreach (var product in batch.Select(g => g.Product))
            {
                Products++;
                Listed += product.Status == ProductStatus.Listed ? 1 : 0;
                Drafts += product.Status == ProductStatus.Draft ? 1 : 0;
                Delisted += product.Status == ProductStatus.Delisted ? 1 : 0;
                Skus += product.Skus.Count;
                SoldOut += product.Skus.Count(s => s.Available == 0);
                LowStock += product.Skus.Count(s => s.IsLowStock);
                Brands.Add(product.Brand ?? "");
            }
        }
    }

    private sealed class GeneratorRefusal(string message) : Exception(message);

    /// <summary>
    /// Writes the mapped columns of one entity type (names and value conversions from the EF model, so it follows the
    /// schema) with binary COPY into a temporary table, then INSERT … SELECT into the real one under row-level security.
    /// </summary>
    private sealed class TableCopy<TRow>
    {
        private readonly string _table;
        private readonly string _temp;
        private readonly string _columnList;
        private readonly List<Func<TRow, object?>> _values;
        private NpgsqlDbType[] _types = [];

        public TableCopy(IModel model, Type entityType, Func<TRow, object> entityOf, IReadOnlyDictionary<string, Func<TRow, object?>>? overrides = null)
        {
            var entity = model.FindEntityType(entityType) ?? throw new InvalidOperationException($"{entityType.Name} is not mapped.");
            _table = entity.GetTableName()!;
            _temp = "generated_" + _table;
            var table = StoreObjectIdentifier.Table(_table, entity.GetSchema());
            var properties = entity.GetProperties()
                .Where(p => p.PropertyInfo is not null && p.GetComputedColumnSql(table) is null && p.ValueGenerated != ValueGenerated.OnAddOrUpdate)
                .ToList();
            _columnList = string.Join(", ", properties.Select(p => "\"" + p.GetColumnName(table) + "\""));
            _values = [.. properties.Select(p => overrides?.GetValueOrDefault(p.Name) ?? Getter(p, entityOf))];
        }

        public async Task PrepareAsync(NpgsqlConnection conn, CancellationToken ct)
        {
            await using (var create = new NpgsqlCommand(
                $"drop table if exists pg_temp.{_temp}; create temp table {_temp} on commit delete rows as select {_columnList} from {_table} with no data",
                conn))
            {
                await create.ExecuteNonQueryAsync(ct);
            }

            var types = new List<NpgsqlDbType>();
            await using var cmd = new NpgsqlCommand(
                "select t.typname from pg_attribute a join pg_type t on t.oid = a.atttypid where a.attrelid = $1::regclass and a.attnum > 0 and not "
                    + "a.attisdropped order by a.attnum", conn);
            cmd.Parameters.AddWithValue("pg_temp." + _temp);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var name = reader.GetString(0);
                types.Add(name.StartsWith('_') ? NpgsqlDbType.Array | DbType(name[1..]) : DbType(name));
            }

            _types = [.. types];
        }

        public async Task CopyAsync(NpgsqlConnection conn, IEnumerable<TRow> rows, CancellationToken ct)
        {
            await using (var importer = await conn.BeginBinaryImportAsync($"copy {_temp} ({_columnList}) from stdin (format binary)", ct))
            {
                foreach (var row in rows)
                {
                    await importer.StartRowAsync(ct);
                    for (var i = 0; i < _values.Count; i++)
                    {
                        await WriteAsync(importer, _values[i](row), _types[i], ct);
                    }
                }

                await importer.CompleteAsync(ct);
            }

            await using var insert = new NpgsqlCommand($"insert into {_table} ({_columnList}) select {_columnList} from {_temp}; truncate {_temp}", conn)
            {
                CommandTimeout = 600
            };
            await insert.ExecuteNonQueryAsync(ct);
        }

        private static Func<TRow, object?> Getter(IProperty property, Func<TRow, object> entityOf)
        {
            var info = property.PropertyInfo!;
            var converter = property.GetTypeMapping().Converter;
            return converter is null
                ? row => info.GetValue(entityOf(row))
                : row => info.GetValue(entityOf(row)) is { } value ? converter.ConvertToProvider(value) : null;
        }

        private static Task WriteAsync(NpgsqlBinaryImporter importer, object? value, NpgsqlDbType type, CancellationToken ct) => value switch
        {
            null => importer.WriteNullAsync(ct),
            string s => importer.WriteAsync(s, type, ct),
            Guid g => importer.WriteAsync(g, type, ct),
            decimal d => importer.WriteAsync(d, type, ct),
            int i => importer.WriteAsync(i, type, ct),
            long l => importer.WriteAsync(l, type, ct),
            bool b => importer.WriteAsync(b, type, ct),
            DateTimeOffset t => importer.WriteAsync(t, type, ct),
            IEnumerable<string> list => importer.WriteAsync(list as string[] ?? [.. list], type, ct),
            _ => throw new NotSupportedException($"The generator cannot COPY a {value.GetType().Name}: add it to CatalogGenerator.TableCopy."),
        };

        private static NpgsqlDbType DbType(string typeName) => typeName switch
        {
            "uuid" => NpgsqlDbType.Uuid,
            "text" => NpgsqlDbType.Text,
            "varchar" => NpgsqlDbType.Varchar,
            "numeric" => NpgsqlDbType.Numeric,
            "int2" => NpgsqlDbType.Smallint,
            "int4" => NpgsqlDbType.Integer,
            "int8" => NpgsqlDbType.Bigint,
            "bool" => NpgsqlDbType.Boolean,
            "jsonb" => NpgsqlDbType.Jsonb,
            "json" => NpgsqlDbType.Json,
            "timestamptz" => NpgsqlDbType.TimestampTz,
            _ => throw new NotSupportedException($"The generator cannot COPY a column of type {typeName}: add it to CatalogGenerator.TableCopy."),
        };
    }
}
