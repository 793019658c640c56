using FluentValidation;
using FluentValidation.Results;
using Storefront.Domain.Catalog;
using Storefront.Domain.Common;
using Storefront.Web.ComponentTests.Infrastructure;
using Storefront.Web.Features.Catalog.Admin;

namespace Storefront.Web.ComponentTests.Catalog.Admin;

/// <summary>
/// The product editor's own logic: the SKU grid built from the spec values as typed, the command a save sends, and
/// where a refusal's messages appear. Saving for real, and the rules behind a refusal, are tested against
/// PostgreSQL (ProductEditingTests) and in Chromium (ProductEditorTests).
/// </summary>
public sealed class ProductEditorPageTests : AdminPageTest
{
    public ProductEditorPageTests() => Mediator.On<ListCategories.Query, IReadOnlyList<ListCategories.Node>>(_ => []);

    [Fact]
    public void Spec_values_typed_for_two_specs_give_one_sku_row_per_combination_under_the_spec_headings()
    {
        var page = Render<ProductEditorPage>();

        AddSpec(page, "颜色", "红, 蓝");
        AddSpec(page, "尺码", "S、M；L");

        Assert.Equal(["红 / S", "红 / M", "红 / L", "蓝 / S", "蓝 / M", "蓝 / L"],
            page.FindAll(By("sku-row")).Select(r => r.GetAttribute("data-spec")));
        var headings = page.Find(By("sku-grid")).QuerySelectorAll("thead th").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(["颜色", "尺码"], headings.Take(2));
        Assert.All(page.FindAll($"{By("sku-code")}"), code => Assert.StartsWith("SKU-", code.GetAttribute("value")));
        Assert.Equal(6, page.FindAll(By("sku-code")).Select(c => c.GetAttribute("value")).Distinct().Count());
    }

    [Fact]
    public void A_price_typed_for_a_colour_is_kept_and_carried_to_the_sizes_added_after_it()
    {
        var page = Render<ProductEditorPage>();
        AddSpec(page, "颜色", "红, 蓝");
        Type(page.FindAll(By("sku-price"))[0], 59.9m);
        Type(page.FindAll(By("sku-price"))[1], 69.9m);

        AddSpec(page, "尺码", "S, M");

        Assert.Equal(["59.90", "59.90", "69.90", "69.90"], page.FindAll(By("sku-price")).Select(PriceShown));
    }

    [Fact]
    public void Too_many_combinations_are_explained_and_the_grid_is_left_as_it_was()
    {
        var page = Render<ProductEditorPage>();
        AddSpec(page, "颜色", "红, 蓝");

        var many = string.Join(",", Enumerable.Range(1, 201).Select(n => $"码{n}"));
        AddSpec(page, "尺码", many);

        Assert.Contains("规格组合有 402 个，最多 400 个", page.Find("[role=alert]").TextContent);
        Assert.Equal(["红", "蓝"], page.FindAll(By("sku-row")).Select(r => r.GetAttribute("data-spec")));
    }

    [Fact]
    public void Saving_a_new_product_sends_what_was_typed_and_opens_the_saved_product()
    {
        var productId = Guid.NewGuid();
        Mediator.On<CreateProduct.Command, CreateProduct.Result>(c =>
            new CreateProduct.Result(productId, "linen-shirt", c.Name, 59.9m, 69.9m, ProductStatus.Draft, c.Skus.Count));
        var page = Render<ProductEditorPage>();

        Type(page.Find(By("editor-name")), "  亚麻衬衫 ");
        Type(page.Find(By("editor-slug")), "   ");
        AddSpec(page, "颜色", "白, 蓝");
        Type(page.FindAll(By("sku-price"))[0], 59.9m);
        Type(page.FindAll(By("sku-price"))[1], 69.9m);
        Type(page.FindAll(By("sku-stock"))[1], 8);
        page.Find(By("product-editor")).Submit();

        var sent = Assert.Single(Mediator.SentOf<CreateProduct.Command>());
        Assert.Equal("  亚麻衬衫 ", sent.Name);
        Assert.Null(sent.Slug);   // blank means "make one from the name"
        Assert.Equal(["颜色: 白, 蓝"], sent.Specs.Select(s => $"{s.Name}: {string.Join(", ", s.Values)}"));
        Assert.Equal(["白 59.9 0", "蓝 69.9 8"], sent.Skus.Select(s => $"{string.Join("/", s.SpecValues)} {s.Price} {s.Stock}"));
        Assert.EndsWith($"/admin/products/{productId}?created=true", CurrentUri);
    }

    [Fact]
    public void A_refused_save_says_so_above_the_form_and_puts_each_message_beside_its_field_and_sku_row()
    {
        Mediator.On<CreateProduct.Command, CreateProduct.Result>(_ => throw new ValidationException(
        [
            new ValidationFailure("Name", "请填写商品名称"),
            new ValidationFailure("Skus[1].Price", "价格须大于 0"),
        ]));
        var page = Render<ProductEditorPage>();
        AddSpec(page, "颜色", "白, 蓝");
        Type(page.FindAll(By("sku-price"))[0], 59.9m);

        page.Find(By("product-editor")).Submit();

        Assert.Contains("请修正标出的字段", page.Find(By("editor-errors")).TextContent);
        var nameLabel = page.Find(By("editor-name")).ParentElement!;
        Assert.Contains("请填写商品名称", nameLabel.QuerySelector(".validation-message")!.TextContent);
        var rows = page.FindAll(By("sku-row"));
        Assert.DoesNotContain("invalid", rows[0].ClassList);
        Assert.Contains("invalid", rows[1].ClassList);
        Assert.Equal("价格须大于 0", rows[1].NextElementSibling!.TextContent.Trim());
        Assert.Equal("59.90", PriceShown(page.FindAll(By("sku-price"))[0]));   // what was typed stays
        Assert.DoesNotContain("/admin/products/", CurrentUri);
    }

    [Fact]
    public void A_rule_refusal_shows_the_rules_own_message()
    {
        Mediator.On<CreateProduct.Command, CreateProduct.Result>(_ => throw new DomainException("sku.code-taken", "SKU 编码 W-1 已被使用。"));
        var page = Render<ProductEditorPage>();

        page.Find(By("product-editor")).Submit();

        Assert.Contains("SKU 编码 W-1 已被使用。", page.Find(By("editor-errors")).TextContent);
    }

    [Fact]
    public void A_saved_product_shows_its_skus_stock_read_only_and_saving_sends_an_update_of_that_product()
    {
        var id = Guid.NewGuid();
        var details = new GetProduct.Details(id, "帆布包", "", "canvas-tote", null, null, "", null, null, false, [], [],
            [new SpecAttribute("颜色", ["米", "黑"])],
            [
                new GetProduct.SkuRow(Guid.NewGuid(), ["米"], "TOTE-1", 39m, null, 12, 2, 10, 0, 300, null),
                new GetProduct.SkuRow(Guid.NewGuid(), ["黑"], "TOTE-2", 39m, null, 5, 0, 5, 0, 300, null),
            ],
            39m, 39m, ProductStatus.Listed, null, null, Now, null, Now, Now);
        Mediator.On<GetProduct.Query, GetProduct.Details>(_ => details)
            .On<UpdateProduct.Command, UpdateProduct.Result>(c => new UpdateProduct.Result(c.Id, "canvas-tote", c.Name, 39m, 45m, ProductStatus.Listed, 2));
        var page = Render<ProductEditorPage>(p => p.Add(x => x.Id, id));

        Assert.Equal(["12", "5"], page.FindAll(By("sku-on-hand")).Select(s => s.TextContent));
        Assert.Empty(page.FindAll(By("sku-stock")));
        Assert.Contains("已有 SKU 的库存请通过库存调整修改", page.Markup);
        Type(page.FindAll(By("sku-price"))[1], 45m);
        page.Find(By("product-editor")).Submit();

        var sent = Assert.Single(Mediator.SentOf<UpdateProduct.Command>());
        Assert.Equal(id, sent.Id);
        Assert.Equal([("TOTE-1", 39m), ("TOTE-2", 45m)], sent.Skus.Select(s => (s.Code, s.Price)));
        Assert.Contains("商品“帆布包”已保存", page.Find(By("saved")).TextContent);
    }

    private static void AddSpec(IRenderedComponent<ProductEditorPage> page, string name, string values)
    {
        page.Find(By("add-spec")).Click();
        Type(page.FindAll(By("spec-name"))[^1], name);
        Type(page.FindAll(By("spec-values"))[^1], values);
    }

    private static string PriceShown(AngleSharp.Dom.IElement field) =>
        (field.TagName == "INPUT" ? field : field.QuerySelector("input")!).GetAttribute("value") ?? "";
}
