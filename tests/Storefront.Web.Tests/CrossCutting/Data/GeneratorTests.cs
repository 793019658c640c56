using System.Text.RegularExpressions;
using MediatR;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Storefront.Domain.Catalog;
using Storefront.Domain.Common;
using Storefront.Web.Features.Catalog;
using Storefront.Generator;
using Storefront.Web.Features.Platform;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Data;

/// <summary>The app with a store "bulk" that the catalog generator filled with 300 products.</summary>
public sealed class GeneratedStoreApp : StorefrontApp, IAsyncLifetime
{
    public const string Store = "bulk";
    public const int Products = 300;

    public CatalogGenerator.Report Report { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CreateStore.Command { Slug = Store, Name = "批量商店" });
        }

        Report = await CatalogGenerator.GenerateAsync(Services, new CatalogGenerator.Options(Store, Products, Seed: 42));
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}

public sealed class GeneratorTests(GeneratedStoreApp app) : IClassFixture<GeneratedStoreApp>
{
    private string RunSlugs => $"%-{app.Report.Run}-%";

    [Fact]
    public async Task The_generator_writes_the_products_their_skus_and_a_three_level_category_tree()
    {
        var report = app.Report;
        Assert.Equal(GeneratedStoreApp.Products, report.Products);
        Assert.Equal(report.Products, report.Listed + report.Drafts + report.Delisted);
        Assert.True(report.Listed > report.Products * 0.8, $"mostly listed: {report.Listed}");
        Assert.True(report.Drafts > 0 && report.Delisted > 0, "some drafts and some delisted");
        Assert.InRange((double)report.Skus / report.Products, 2.2, 4.0);
        Assert.True(report.SoldOutSkus > 0 && report.LowStockSkus > report.SoldOutSkus, "some sold out, some more at or below the threshold");

        await using var conn = await StoreConnectionAsync(GeneratedStoreApp.Store);
        Assert.Equal(report.Products, await Scalar<long>(conn, "select count(*) from products where slug like $1", RunSlugs));
        Assert.Equal(report.Skus,
            await Scalar<long>(conn, "select count(*) from skus s join products p on p.id = s.product_id where p.slug like $1", RunSlugs));
        Assert.Equal(0L, await Scalar<long>(conn, "select count(*) from products p where not exists (select 1 from skus s where s.product_id = p.id)"));
        Assert.Equal("1:10 2:40 3:148",
            await Scalar<string>(conn,
            "select string_agg(level || ':' || n, ' ' order by level) from (select level, count(*) n from categories group by level) x"));
        Assert.Equal(0L,
            await Scalar<long>(conn,
            "select count(*) from products p where slug like $1 and not exists (select 1 from categories c where c.id = p.category_id and c.level = 3)",
            RunSlugs));
        Assert.True(await Scalar<long>(conn, "select count(distinct brand) from products") >= 20);
        Assert.True(await Scalar<long>(conn, "select count(*) from products where sales_count > 0") > report.Products / 2);
    }

    [Fact]
    public async Task Every_product_has_one_sku_per_combination_of_its_spec_values_with_unique_codes()
    {
        await using var scope = await StoreScopeAsync(GeneratedStoreApp.Store);
        var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
        var run = $"-{app.Report.Run}-";
        var products = await db.Products.AsNoTracking().Include(p => p.Skus).Where(p => p.Slug.Contains(run)).ToListAsync();
        Assert.Equal(GeneratedStoreApp.Products, products.Count);

        foreach (var product in products)
        {
            Assert.InRange(product.Specs.Count, 0, 2);
            Assert.All(product.Specs, s => Assert.InRange(s.Values.Count, 1, 4));
            var expected = Variants.Combinations(product.Specs).Select(c => string.Join('|', c)).Order().ToList();
            Assert.Equal(expected, [.. product.Skus.Select(s => string.Join('|', s.SpecValues)).Order()]);
            Variants.Check(product.Specs, [.. product.Skus.Select(s => new SkuDraft(s.SpecValues, s.Code, s.Price))]);
        }

        var codes = products.SelectMany(p => p.Skus).Select(s => s.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains(products, p => p.Specs.Count == 0);
        Assert.Contains(products, p => p.Specs.Count == 2);
    }

    [Fact]
    public async Task Prices_are_to_the_cent_and_the_price_range_and_search_text_follow_the_skus()
    {
        // The numeric(12,2) columns would round a third decimal away silently, so the built products are checked too.
        var (plan, _) = CatalogGenerator.NewPlan(Guid.NewGuid(), "test", [], 42, app.Clock.GetUtcNow());
        var built = CatalogGenerator.Build(plan, 0, 1000, 42).Select(g => g.Product).ToList();
        Assert.All(built.SelectMany(p => p.Skus), s =>
        {
            Assert.True(s.Price > 0 && Money.HasAtMostTwoDecimals(s.Price), $"{s.Code}: {s.Price}");
            Assert.True(s.MarketPrice is null || (s.MarketPrice > s.Price && Money.HasAtMostTwoDecimals(s.MarketPrice.Value)), $"{s.Code}: {s.MarketPrice}");
        });
        Assert.Contains(built, p => p.Name.Any(c => c > 0x4e00) && p.Name.Contains(' ', StringComparison.Ordinal));
        Assert.Contains(built, p => p.Name.All(c => c < 0x80));

        await using var scope = await StoreScopeAsync(GeneratedStoreApp.Store);
        var db = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
        foreach (var product in await db.Products.AsNoTracking().Include(p => p.Skus).ToListAsync())
        {
            Assert.Equal(product.Skus.Min(s => s.Price), product.MinPrice);
            Assert.Equal(product.Skus.Max(s => s.Price), product.MaxPrice);
            Assert.StartsWith(product.Name.ToLowerInvariant() + " ", product.SearchText, StringComparison.Ordinal);
            Assert.All(product.Attributes, a => Assert.Contains(a.Value.ToLowerInvariant(), product.SearchText, StringComparison.Ordinal));
            Assert.Contains(product.Attributes, a => a.Name == "产地");
        }
    }

    [Fact]
    public async Task The_generated_rows_are_visible_to_their_store_only()
    {
        var bulk = await app.StoreIdAsync(GeneratedStoreApp.Store);
        await using (var demo = await StoreConnectionAsync("demo"))
        {
            Assert.Equal(0L, await Scalar<long>(demo, "select count(*) from products where slug like $1", RunSlugs));
            Assert.Equal(0L, await Scalar<long>(demo, $"select count(*) from skus where code like '{app.Report.Run.ToUpperInvariant()}-%'"));
            Assert.Equal(0L, await Scalar<long>(demo, $"select count(*) from categories where tenant_id = '{bulk}'"));
        }

        await using var owner = new NpgsqlConnection(app.Database.AdminConnectionString);
        await owner.OpenAsync();
        foreach (var table in new[] { "products", "skus", "categories" })
        {
            Assert.Equal(bulk.ToString(),
                await Scalar<string>(owner,
                $"select string_agg(distinct tenant_id::text, ',') from {table} where tenant_id not in (select id from stores where slug in ('demo', "
                + "'acme'))"));
        }

        await using var conn = await StoreConnectionAsync(GeneratedStoreApp.Store);
        var bulkIds = new HashSet<Guid>();
        await using (var cmd = new NpgsqlCommand("select id from products", conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                bulkIds.Add(reader.GetGuid(0));
            }
        }

        Assert.True(bulkIds.Count >= GeneratedStoreApp.Products);
        var demoListed = await app.SendAsync("demo", new ListListedProducts.Query(100));
        Assert.NotEmpty(demoListed);
        Assert.DoesNotContain(demoListed, p => bulkIds.Contains(p.Id));
    }

    [Fact]
    public async Task The_generated_products_are_found_by_the_listed_products_query()
    {
        await using var conn = await StoreConnectionAsync(GeneratedStoreApp.Store);
        var newest = await Scalar<Guid>(conn, "select id from products where status = 'Listed' order by listed_at desc limit 1");

        var listed = await app.SendAsync(GeneratedStoreApp.Store, new ListListedProducts.Query(100));
        Assert.Equal(100, listed.Count);
        Assert.Equal(newest, listed[0].Id);
        foreach (var item in listed.Take(10))
        {
            Assert.Equal("Listed", await Scalar<string>(conn, $"select status from products where id = '{item.Id}'"));
            Assert.Equal(item.Price, await Scalar<decimal>(conn, $"select min(price) from skus where product_id = '{item.Id}'"));
        }
    }

    [Fact]
    public async Task A_second_run_adds_products_under_its_own_prefix_and_reuses_the_categories()
    {
        var again = await CatalogGenerator.GenerateAsync(app.Services, new CatalogGenerator.Options(GeneratedStoreApp.Store, 5, Seed: 42));
        Assert.NotEqual(app.Report.Run, again.Run);
        Assert.Equal(0, again.CategoriesCreated);
        Assert.Equal(198, again.CategoriesReused);
        await using var conn = await StoreConnectionAsync(GeneratedStoreApp.Store);
        Assert.Equal(5L, await Scalar<long>(conn, "select count(*) from products where slug like $1", $"%-{again.Run}-%"));
        Assert.Equal(198L, await Scalar<long>(conn, "select count(*) from categories"));
    }

    [Theory]
    [InlineData("--products", "0", "--products")]
    [InlineData("--products", "lots", "--products")]
    [InlineData("--prodcts", "10", "Unknown option --prodcts")]
    [InlineData("--store", "Not A Slug", "--store")]
    [InlineData("--seed", "x", "--seed")]
    public async Task Bad_arguments_are_refused_with_a_clear_message_and_nothing_is_written(string option, string value, string message)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CatalogGenerator.RunAsync(app.Services, ["generate", option, value], output, error);
        Assert.Equal(2, code);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("usage: generate", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task An_unknown_store_is_refused_by_name()
    {
        var error = new StringWriter();
        Assert.Equal(1, await CatalogGenerator.RunAsync(app.Services, ["generate", "--store", "nowhere", "--products", "5"], new StringWriter(), error));
        Assert.Contains("There is no store 'nowhere'", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(new CatalogGenerator.Options("demo", 100_000, 7),
            CatalogGenerator.Options.Parse(["generate", "--products=100000", "--seed", "7", "--Storefront:BaseDomain", "x"]));
    }

    [Fact]
    public async Task The_command_runs_on_a_plain_host_without_a_web_server()
    {
        // As bench/catalog.sh runs it, on a database of its own that nothing seeded: configuration in the arguments, the
        // demo stores seeded by the app's start-up code (Cli), then the products.
        var database = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("generator plain host");
        string[] configuration =
        [
            "--ConnectionStrings:Storefront", database.AppConnectionString,
            "--ConnectionStrings:StorefrontAdmin", database.AdminConnectionString,
            "--Storefront:SeedDemoData", "true",
            "--Storefront:SeedDemoShop", "false",   // as scripts/bench.sh: the generated catalog only
        ];
        using (var host = GeneratorHost.Build(CatalogGenerator.Options.Settings(configuration)))
        {
            Assert.Null(host.Services.GetService<IServer>());   // nothing to listen with: it can be published and run anywhere
        }

        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, await GeneratorMain.RunAsync([.. configuration, "--store", "demo", "--products", "5", "--seed", "7"], output, error));
        Assert.Equal("", error.ToString());
        var run = Regex.Match(output.ToString(), @"in store 'demo' \(run (\w+)\)").Groups[1].Value;
        Assert.NotEqual("", run);

        await using var owner = new NpgsqlConnection(database.AdminConnectionString);
        await owner.OpenAsync();
        Assert.Equal("acme demo", await Scalar<string>(owner, "select string_agg(slug, ' ' order by slug) from stores"));
        Assert.True(await Scalar<long>(owner, "select count(*) from products p join stores s on s.id = p.tenant_id where s.slug = 'acme'") > 0);
        Assert.Equal(5L,
            await Scalar<long>(owner,
                "select count(*) from products p join stores s on s.id = p.tenant_id where s.slug = 'demo' and p.slug like $1", $"%-{run}-%"));
    }

    private async Task<AsyncServiceScope> StoreScopeAsync(string store)
    {
        StoreInfo info;
        await using (var lookup = app.Services.CreateAsyncScope())
        {
            info = (await lookup.ServiceProvider.GetRequiredService<StoreDirectory>().FindBySlugAsync(store, default))!;
        }

        return app.Services.GetRequiredService<StoreScopes>().For(info);
    }

    /// <summary>A connection of the app role (bound by row-level security) inside one store.</summary>
    private async Task<NpgsqlConnection> StoreConnectionAsync(string store)
    {
        var conn = new NpgsqlConnection(app.Database.AppConnectionString);
        await conn.OpenAsync();
        await Scalar<string>(conn, "select set_config('app.tenant_id', $1, false)", (await app.StoreIdAsync(store)).ToString());
        return conn;
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection conn, string sql, params object[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var p in parameters)
        {
            cmd.Parameters.AddWithValue(p);
        }

        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
