using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Storefront.Domain.Catalog;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Features.Catalog.Admin.Csv;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Catalog.Admin;

/// <summary>Products and SKUs as CSV: a broken file is refused row by row with nothing imported; a good one round-trips between stores.</summary>
public sealed class CsvImportTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Header = "slug,name,brand,category,status,specs,sku_code,price,market_price,stock,low_stock_threshold,weight_grams";

    [Fact]
    public async Task A_csv_with_broken_rows_gets_a_report_per_row_and_column_and_imports_nothing()
    {
        var tag = Tag();
        var csv = string.Join("\r\n",
            Header,
            $"{tag}-ok,好商品,,,Listed,颜色:红,{tag}-A1,79.00,99.00,10,2,300",
            $"{tag}-ok,好商品,,,Listed,颜色:蓝,{tag}-A2,79.00,,10,2,300",
            $"{tag}-price,价格错误,,,Listed,,{tag}-B1,12.345,,1,0,0",
            $"{tag}-dup,编码重复,,,Listed,,{tag}-A1,10,,1,0,0",
            $",缺少标识,,,Listed,,{tag}-C1,10,,1,0,0",
            $"{tag}-noname,,,,Listed,,{tag}-D1,10,,1,0,0",
            $"{tag}-stock,负库存,,,Listed,,{tag}-E1,10,,-3,0,0",
            $"{tag}-cat,没有的类目,,no-such-category,Listed,,{tag}-F1,10,,1,0,0");
        var client = await StaffAsync("acme");
        var before = await TotalAsync(client);

        var response = await PostCsvAsync(client, csv);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("rowErrors").EnumerateArray()
            .Select(e => (Row: e.GetProperty("row").GetInt32(), Column: e.GetProperty("column").GetString(), Message: e.GetProperty("message").GetString()))
            .ToList();
        Assert.Contains(errors, e => e.Row == 4 && e.Column == "price");
        Assert.Contains(errors, e => e.Row == 5 && e.Column == "sku_code" && e.Message!.Contains('2'));
        Assert.Contains(errors, e => e.Row == 6 && e.Column == "slug");
        Assert.Contains(errors, e => e.Row == 7 && e.Column == "name");
        Assert.Contains(errors, e => e.Row == 8 && e.Column == "stock");
        Assert.Contains(errors, e => e.Row == 9 && e.Column == "category" && e.Message!.Contains("no-such-category"));
        Assert.DoesNotContain(errors, e => e.Row is 2 or 3);
        Assert.Equal(errors.Count, problem.GetProperty("errorCount").GetInt32());
        Assert.Contains(errors.Count.ToString(), problem.GetProperty("title").GetString());

        Assert.Equal(before, await TotalAsync(client));
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/api/v1/admin/catalog/products?q={tag}")).GetProperty("total").GetInt32());
        Assert.Equal(0, await app.CountAsync("acme", $"from skus where code like '{tag}%'"));
        Assert.Equal(0, await app.CountAsync("acme", $"from audit_log where action = 'products.imported' and details like '%{tag}%'"));
    }

    [Fact]
    public async Task Domain_rules_refuse_a_product_whose_rows_do_not_fill_its_spec_grid()
    {
        var tag = Tag();
        var csv = string.Join("\n",
            Header,
            $"{tag}-grid,缺一个组合,,,Draft,颜色:红;尺码:S,{tag}-1,10,,1,0,0",
            $"{tag}-grid,缺一个组合,,,Draft,颜色:红;尺码:M,{tag}-2,10,,1,0,0",
            $"{tag}-grid,缺一个组合,,,Draft,颜色:蓝;尺码:S,{tag}-3,10,,1,0,0",
            $"{tag}-grid,缺一个组合,,,Draft,颜色:蓝;尺码,{tag}-4,10,,1,0,0",
            $"{tag}-two,两行无规格,,,Draft,,{tag}-5,10,,1,0,0",
            $"{tag}-two,两行无规格,,,Draft,,{tag}-6,10,,1,0,0");
        var result = await app.SendAsync("demo", new ImportProductsCsv.Command(csv));

        Assert.False(result.Imported);
        Assert.Contains(result.Errors, e => e.Row == 5 && e.Column == "specs");
        Assert.Contains(result.Errors, e => e.Row == 7 && e.Column == "specs");

        var fixedRow = csv.Replace("颜色:蓝;尺码,", "颜色:蓝;尺码:M,", StringComparison.Ordinal)
            .Replace($"{tag}-two,两行无规格,,,Draft,,{tag}-6,10,,1,0,0", "", StringComparison.Ordinal);
        var missing = await app.SendAsync("demo",
            new ImportProductsCsv.Command(fixedRow.Replace($"\n{tag}-grid,缺一个组合,,,Draft,颜色:蓝;尺码:M,{tag}-4,10,,1,0,0", "", StringComparison.Ordinal)));
        Assert.False(missing.Imported);
        var grid = Assert.Single(missing.Errors);
        Assert.Equal((2, "specs"), (grid.Row, grid.Column));
        Assert.Contains("蓝 / M", grid.Message);

        var good = await app.SendAsync("demo", new ImportProductsCsv.Command(fixedRow));
        Assert.True(good.Imported, string.Join("; ", good.Errors));
        Assert.Equal((2, 0, 5), (good.ProductsCreated, good.ProductsUpdated, good.Skus));
    }

    [Fact]
    public async Task A_sku_code_used_by_another_product_of_the_store_is_reported()
    {
        var taken = "TAKEN-" + Guid.NewGuid().ToString("N")[..8];
        await app.SeedProductAsync("demo", "已有商品", (taken, 1, 0));
        var tag = Tag();
        var result = await app.SendAsync("demo", new ImportProductsCsv.Command($"{Header}\n{tag}-new,新商品,,,Listed,,{taken},10,,1,0,0\n"));
        var error = Assert.Single(result.Errors);
        Assert.Equal((2, "sku_code"), (error.Row, error.Column));

        // The same code at the other store is no clash.
        var acme = await app.SendAsync("acme", new ImportProductsCsv.Command($"{Header}\n{tag}-new,新商品,,,Listed,,{taken},10,,1,0,0\n"));
        Assert.True(acme.Imported);
    }

    [Fact]
    public async Task A_good_csv_round_trips_from_one_store_into_another_and_reimporting_it_changes_nothing()
    {
        var tag = Tag();
        await app.SeedCategoryAsync("demo", "服装", tag + "-wear");
        await app.SeedCategoryAsync("acme", "Clothing", tag + "-wear");
        var categoryId = await app.InStoreAsync("demo", db => Task.FromResult(db.Categories.Single(c => c.Slug == tag + "-wear").Id));
        await app.SendAsync("demo", new CreateProduct.Command
        {
            Name = "纯棉T恤 " + tag,
            Slug = tag + "-tee",
            Brand = "棉语",
            CategoryId = categoryId,
            Specs = [new SpecAttribute("颜色", ["红", "蓝"]), new SpecAttribute("尺码", ["S", "M"])],
            Skus =
            [
                new() { SpecValues = ["红", "S"], Code = tag + "-RS", Price = 79m, MarketPrice = 99m, Stock = 10, LowStockThreshold = 2, WeightGrams = 200 },
                new() { SpecValues = ["红", "M"], Code = tag + "-RM", Price = 79m, MarketPrice = 99m, Stock = 0, LowStockThreshold = 2, WeightGrams = 210 },
                new() { SpecValues = ["蓝", "S"], Code = tag + "-BS", Price = 89.5m, Stock = 5, LowStockThreshold = 1, WeightGrams = 200 },
                new() { SpecValues = ["蓝", "M"], Code = tag + "-BM", Price = 89.5m, Stock = 7, LowStockThreshold = 1, WeightGrams = 210 },
            ],
        });
        await app.SendAsync("demo", new CreateProduct.Command { Name = "草稿 \"引号\", 逗号 " + tag, Slug = tag + "-draft", Price = 5m, Stock = 3, List = false });

        var demo = await StaffAsync("demo");
        var export = await demo.GetAsync("/api/v1/admin/catalog/products.csv");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", export.Content.Headers.ContentDisposition?.ToString());
        var bytes = await export.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var demoCsv = ProductCsv.Decode(bytes);
        Assert.StartsWith(Header, demoCsv);
        Assert.Contains($"{tag}-tee,纯棉T恤 {tag},棉语,{tag}-wear,Listed,颜色:红;尺码:S,{tag}-RS,79.00,99.00,10,2,200", demoCsv);
        Assert.DoesNotContain("Acme Anvil", demoCsv);

        // This test's products (other tests of the class add theirs to demo too).
        var demoRows = Rows(demoCsv).Where(r => r.StartsWith(tag + "-", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, demoRows.Count);
        Assert.Equal([$"{tag}-RS", $"{tag}-RM", $"{tag}-BS", $"{tag}-BM"],
            demoRows.Where(r => r.StartsWith(tag + "-tee", StringComparison.Ordinal)).Select(r => r.Split(',')[6]));

        var acme = await StaffAsync("acme");
        var imported = await PostCsvAsync(acme, Header + "\r\n" + string.Join("\r\n", demoRows), multipart: true);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var result = await imported.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(demoRows.Select(r => r.Split(',')[0]).Distinct().Count(), result.GetProperty("productsCreated").GetInt32());
        Assert.Equal(demoRows.Count, result.GetProperty("skus").GetInt32());

        var acmeCsv = ProductCsv.Decode(await acme.GetByteArrayAsync("/api/v1/admin/catalog/products.csv"));
        var demoSlugs = demoRows.Select(r => r.Split(',')[0]).ToHashSet();
        // Products come out in creation order (equal under the test's fixed clock), SKUs of a product in grid order.
        Assert.Equal(demoRows.Order(StringComparer.Ordinal), Rows(acmeCsv).Where(r => demoSlugs.Contains(r.Split(',')[0])).Order(StringComparer.Ordinal));

        var tee = await acme.GetFromJsonAsync<JsonElement>($"/api/v1/admin/catalog/products?q={tag}-tee");
        var row = Assert.Single(tee.GetProperty("items").EnumerateArray());
        Assert.Equal("Clothing", row.GetProperty("categoryName").GetString());
        Assert.Equal(22, row.GetProperty("stock").GetInt32());
        Assert.Equal(1, row.GetProperty("lowStockSkus").GetInt32());

        var again = await app.SendAsync("acme", new ImportProductsCsv.Command(acmeCsv));
        Assert.True(again.Imported);
        Assert.Equal(0, again.ProductsCreated);
        Assert.Equal(0, again.StockChanges);
        Assert.Equal(acmeCsv, ProductCsv.Decode(await acme.GetByteArrayAsync("/api/v1/admin/catalog/products.csv")));
    }

    [Fact]
    public async Task Updating_by_slug_changes_prices_and_books_a_stock_change_as_an_adjustment()
    {
        var tag = Tag();
        var csv = $"{Header}\n{tag}-cup,保温杯,,,Listed,容量:350ml,{tag}-350,99.00,,20,5,300\n{tag}-cup,保温杯,,,Listed,容量:500ml,{tag}-500,129.00,,8,5,400\n";
        var created = await app.SendAsync("demo", new ImportProductsCsv.Command(csv));
        Assert.True(created.Imported);

        var changed = csv.Replace($"{tag}-500,129.00,,8", $"{tag}-500,119.00,139.00,3", StringComparison.Ordinal)
            .Replace(",Listed,", ",Delisted,", StringComparison.Ordinal);
        var client = await StaffAsync("demo");
        var response = await PostCsvAsync(client, changed);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, result.GetProperty("productsUpdated").GetInt32());
        Assert.Equal(1, result.GetProperty("stockChanges").GetInt32());

        Assert.Equal(2, await app.CountAsync("demo", $"from audit_log where action = 'products.imported' and details like '%{tag}-cup%'"));
        var skuId = await app.InStoreAsync("demo", db => Task.FromResult(db.Skus.Single(s => s.Code == tag + "-500").Id));
        Assert.Equal((3, 0), await app.StockAsync("demo", skuId));
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/v1/admin/catalog/skus/{skuId}/stock-history");
        var entry = Assert.Single(history.GetProperty("items").EnumerateArray());
        Assert.Equal(-5, entry.GetProperty("delta").GetInt32());
        Assert.Equal("Correction", entry.GetProperty("reason").GetString());
        Assert.Equal("示例商店 merchant", entry.GetProperty("actorName").GetString());

        var grid = await client.GetFromJsonAsync<JsonElement>($"/api/v1/admin/catalog/products?q={tag}-cup");
        var product = Assert.Single(grid.GetProperty("items").EnumerateArray());
        Assert.Equal("Delisted", product.GetProperty("status").GetString());
        Assert.Equal(99m, product.GetProperty("price").GetDecimal());
        Assert.Equal(119m, product.GetProperty("maxPrice").GetDecimal());

        var backToDraft = await app.SendAsync("demo", new ImportProductsCsv.Command(changed.Replace(",Delisted,", ",Draft,", StringComparison.Ordinal)));
        Assert.Contains(backToDraft.Errors, e => e.Row == 2 && e.Column == "status");
    }

    [Fact]
    public async Task Empty_oversized_and_headerless_uploads_get_a_clear_400()
    {
        var client = await StaffAsync("demo");
        var empty = await PostCsvAsync(client, "");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("application/problem+json", empty.Content.Headers.ContentType?.MediaType);

        var noColumns = await PostCsvAsync(client, "名字,价钱\n杯子,10\n");
        Assert.Equal(HttpStatusCode.BadRequest, noColumns.StatusCode);
        var problem = await noColumns.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(problem.GetProperty("rowErrors").EnumerateArray(), e => e.GetProperty("column").GetString() == "slug"
            && e.GetProperty("row").GetInt32() == 1);

        var huge = await PostCsvAsync(client, Header + "\n" + new string('x', ProductCsv.MaxBytes));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal("application/problem+json", huge.Content.Headers.ContentType?.MediaType);

        var operatorClient = app.ClientFor("demo");
        await operatorClient.SignInStaffAsync("operator@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await PostCsvAsync(operatorClient, Header)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync("/api/v1/admin/catalog/products.csv")).StatusCode);
    }

    [Fact]
    public async Task Chinese_headers_and_a_gb18030_file_from_excel_are_understood()
    {
        var tag = Tag();
        var text = $"商品标识,商品名称,规格,SKU编码,价格,库存\r\n{tag}-gbk,羊毛围巾,颜色:灰,{tag}-G,59.90,4\r\n";
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var client = await StaffAsync("demo");
        var content = new ByteArrayContent(Encoding.GetEncoding("GB18030").GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var response = await client.PostAsync("/api/v1/admin/catalog/products/import", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var grid = await client.GetFromJsonAsync<JsonElement>($"/api/v1/admin/catalog/products?q={tag}-gbk");
        var row = Assert.Single(grid.GetProperty("items").EnumerateArray());
        Assert.Equal("羊毛围巾", row.GetProperty("name").GetString());
        Assert.Equal("Draft", row.GetProperty("status").GetString());
    }

    private async Task<HttpClient> StaffAsync(string store)
    {
        var client = app.ClientFor(store);
        await client.SignInStaffAsync($"merchant@{store}.local");
        return client;
    }

    private static Task<HttpResponseMessage> PostCsvAsync(HttpClient client, string csv, bool multipart = false)
    {
        var file = new StringContent(csv, new UTF8Encoding(false), "text/csv");
        HttpContent content = file;
        if (multipart)
        {
            content = new MultipartFormDataContent { { file, "file", "products.csv" } };
        }

        return client.PostAsync("/api/v1/admin/catalog/products/import", content);
    }

    private static async Task<int> TotalAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/catalog/products")).GetProperty("total").GetInt32();

    private static List<string> Rows(string csv) =>
        [.. csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)];

    private static string Tag() => "csv" + Guid.NewGuid().ToString("N")[..8];
}
