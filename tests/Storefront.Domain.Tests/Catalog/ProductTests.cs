using Storefront.Domain.Catalog;
using Storefront.Domain.Common;
using static Storefront.Domain.Tests.Catalog.CatalogExamples;

namespace Storefront.Domain.Tests.Catalog;

public sealed class ProductTests
{
    private static ProductDraft Named(string name) => Draft() with { Name = name };

    // ---- creating and editing ----

    [Fact]
    public void A_new_product_is_a_draft_of_its_store_with_one_sku_per_combination()
    {
        var product = ProductWithGrid();

        Assert.Equal(Tenant, product.TenantId);
        Assert.NotEqual(Guid.Empty, product.Id);
        Assert.Equal(ProductStatus.Draft, product.Status);
        Assert.Null(product.ListedAt);
        Assert.Null(product.DelistedAt);
        Assert.Equal(Now, product.CreatedAt);
        Assert.Equal(Now, product.UpdatedAt);
        Assert.Equal(4, product.Skus.Count);
        Assert.All(product.Skus, s => Assert.Equal(product.Id, s.ProductId));
        Assert.All(product.Skus, s => Assert.Equal(Tenant, s.TenantId));
        Assert.Equal(40, product.TotalAvailable);
    }

    [Fact]
    public void A_product_without_spec_attributes_has_exactly_one_sku()
    {
        var product = SingleSkuProduct(Plain());

        Assert.Empty(product.Specs);
        var sku = Assert.Single(product.Skus);
        Assert.Empty(sku.SpecValues);
    }

    [Fact]
    public void The_texts_are_trimmed_and_blank_optional_ones_are_left_out()
    {
        var draft = new ProductDraft(
            "  T-shirt \n", "  soft cotton  ", Slug: " Cotton-Tee ", Subtitle: "  summer ", Brand: "   ", SeoTitle: " ", SeoDescription: "\t");

        var product = Product.Create(Tenant, draft, [], [Plain()], Now);

        Assert.Equal("T-shirt", product.Name);
        Assert.Equal("soft cotton", product.Description);
        Assert.Equal("cotton-tee", product.Slug);
        Assert.Equal("summer", product.Subtitle);
        Assert.Null(product.Brand);
        Assert.Null(product.SeoTitle);
        Assert.Null(product.SeoDescription);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\n ")]
    public void A_blank_name_is_refused(string name)
    {
        var refused = Assert.Throws<DomainException>(() => Product.Create(Tenant, Named(name), [], [Plain()], Now));

        Assert.Equal("product.name", refused.Code);
        Assert.False(refused.IsConflict);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(Product.NameMaxLength)]
    public void A_name_of_up_to_the_maximum_length_is_accepted(int length)
    {
        var product = Product.Create(Tenant, Named(new string('名', length)), [], [Plain()], Now);

        Assert.Equal(length, product.Name.Length);
    }

    [Fact]
    public void A_name_longer_than_the_maximum_is_refused()
    {
        var refused = Assert.Throws<DomainException>(() => Product.Create(Tenant, Named(new string('名', Product.NameMaxLength + 1)), [], [Plain()], Now));

        Assert.Equal("product.name", refused.Code);
    }

    [Fact]
    public void The_maximum_name_length_is_counted_after_trimming()
    {
        var product = Product.Create(Tenant, Named("  " + new string('a', Product.NameMaxLength) + "  "), [], [Plain()], Now);

        Assert.Equal(Product.NameMaxLength, product.Name.Length);
    }

    [Fact]
    public void A_description_of_the_maximum_length_is_accepted_and_one_longer_is_refused()
    {
        var product = SingleSkuProduct(Plain());
        product.Edit(Draft() with { Description = " " + new string('d', Product.DescriptionMaxLength) + " " }, Now);
        Assert.Equal(Product.DescriptionMaxLength, product.Description.Length);

        var refused = Assert.Throws<DomainException>(() => product.Edit(Draft() with { Description = new string('d', Product.DescriptionMaxLength + 1) }, Now));

        Assert.Equal("product.description", refused.Code);
    }

    [Fact]
    public void Without_a_slug_the_product_gets_one_from_its_id_and_keeps_it_on_later_edits()
    {
        var product = Product.Create(Tenant, Draft() with { Slug = null }, [], [Plain()], Now);

        Assert.Matches("^p[0-9a-f]{12}$", product.Slug);
        var generated = product.Slug;

        product.Edit(Draft() with { Name = "Renamed", Slug = "  " }, Now.AddHours(1));

        Assert.Equal(generated, product.Slug);
    }

    [Fact]
    public void A_given_slug_is_lower_cased()
    {
        var product = Product.Create(Tenant, Draft() with { Slug = "Cotton-TEE-2026" }, [], [Plain()], Now);

        Assert.Equal("cotton-tee-2026", product.Slug);
    }

    [Theory]
    [InlineData("-tee")]
    [InlineData("tee-")]
    [InlineData("cotton tee")]
    [InlineData("cotton_tee")]
    [InlineData("t恤")]
    [InlineData("tee/1")]
    [InlineData("te\ne")]
    public void A_slug_with_other_than_letters_digits_and_inner_hyphens_is_refused(string slug)
    {
        var refused = Assert.Throws<DomainException>(() => Product.Create(Tenant, Draft() with { Slug = slug }, [], [Plain()], Now));

        Assert.Equal("product.slug", refused.Code);
    }

    [Fact]
    public void A_slug_of_80_characters_is_accepted_and_81_refused()
    {
        Assert.Equal(80, Product.Create(Tenant, Draft() with { Slug = new string('a', 80) }, [], [Plain()], Now).Slug.Length);

        var refused = Assert.Throws<DomainException>(() => Product.Create(Tenant, Draft() with { Slug = new string('a', 81) }, [], [Plain()], Now));

        Assert.Equal("product.slug", refused.Code);
    }

    [Fact]
    public void Up_to_twelve_images_are_kept_in_order_with_the_first_as_the_main_one()
    {
        var images = Enumerable.Range(1, Product.MaxImages).Select(i => $"img{i:00}.webp").ToList();

        var product = Product.Create(Tenant, Draft() with { ImageList = images }, [], [Plain()], Now);

        Assert.Equal(images, product.Images);
        Assert.Equal("img01.webp", product.Images[0]);
    }

    [Fact]
    public void More_than_twelve_images_are_refused()
    {
        var images = Enumerable.Range(1, Product.MaxImages + 1).Select(i => $"img{i}.webp").ToList();

        var refused = Assert.Throws<DomainException>(() => Product.Create(Tenant, Draft() with { ImageList = images }, [], [Plain()], Now));

        Assert.Equal("product.images", refused.Code);
    }

    [Fact]
    public void Attributes_are_trimmed_and_blank_ones_dropped()
    {
        var attributes = new ProductAttribute[] { new(" 材质 ", " 棉 "), new("", "丝"), new("产地", "  "), new("季节", "夏") };

        var product = Product.Create(Tenant, Draft() with { AttributeList = attributes }, [], [Plain()], Now);

        Assert.Equal([new ProductAttribute("材质", "棉"), new ProductAttribute("季节", "夏")], product.Attributes);
    }

    [Theory]
    [InlineData(21, 1)]
    [InlineData(1, 41)]
    public void An_attribute_name_over_20_or_value_over_40_characters_is_refused(int nameLength, int valueLength)
    {
        var attributes = new ProductAttribute[] { new(new string('n', nameLength), new string('v', valueLength)) };

        var refused = Assert.Throws<DomainException>(() => Product.Create(Tenant, Draft() with { AttributeList = attributes }, [], [Plain()], Now));

        Assert.Equal("product.attributes", refused.Code);
    }

    [Fact]
    public void An_attribute_name_of_20_and_value_of_40_characters_is_accepted()
    {
        var attributes = new ProductAttribute[] { new(new string('n', 20), new string('v', 40)) };

        Assert.Single(Product.Create(Tenant, Draft() with { AttributeList = attributes }, [], [Plain()], Now).Attributes);
    }

    [Fact]
    public void Editing_changes_the_details_and_the_update_time_but_not_the_creation_time()
    {
        var product = ProductWithGrid();
        var later = Now.AddHours(2);
        var category = Guid.NewGuid();

        product.Edit(
            new ProductDraft(" Linen shirt ", " breathable ", "linen-shirt", "summer", "Acme", category, "Linen", "A linen shirt", Featured: true),
            later);

        Assert.Equal("Linen shirt", product.Name);
        Assert.Equal("breathable", product.Description);
        Assert.Equal("linen-shirt", product.Slug);
        Assert.Equal("Acme", product.Brand);
        Assert.Equal(category, product.CategoryId);
        Assert.Equal("Linen", product.SeoTitle);
        Assert.Equal("A linen shirt", product.SeoDescription);
        Assert.True(product.Featured);
        Assert.Equal(later, product.UpdatedAt);
        Assert.Equal(Now, product.CreatedAt);
        Assert.Equal(4, product.Skus.Count);
    }

    public static TheoryData<ProductDraft> RefusedEdits =>
    [
        Draft() with { Name = " " },
        Draft() with { Name = new string('n', Product.NameMaxLength + 1) },
        Draft() with { Description = new string('d', Product.DescriptionMaxLength + 1) },
        Draft() with { Slug = "bad slug" },
        Draft() with { ImageList = [.. Enumerable.Range(0, Product.MaxImages + 1).Select(i => $"{i}.webp")] },
        Draft() with { AttributeList = [new("材质", new string('v', 41))] },
    ];

    [Theory]
    [MemberData(nameof(RefusedEdits))]
    public void A_refused_edit_changes_nothing(ProductDraft edit)
    {
        var product = Product.Create(Tenant, Draft() with { Brand = "Acme", AttributeList = [new("材质", "棉")], ImageList = ["a.webp"] }, [], [Plain()], Now);

        Assert.Throws<DomainException>(() => product.Edit(edit with { Brand = "Other" }, Now.AddHours(1)));

        Assert.Equal("纯棉圆领T恤", product.Name);
        Assert.Equal("soft cotton", product.Description);
        Assert.Equal("cotton-tee", product.Slug);
        Assert.Equal("Acme", product.Brand);
        Assert.Equal(["a.webp"], product.Images);
        Assert.Equal([new ProductAttribute("材质", "棉")], product.Attributes);
        Assert.Equal(Now, product.UpdatedAt);
    }

    // ---- price range and search text ----

    [Fact]
    public void The_price_range_spans_the_cheapest_and_dearest_sku()
    {
        var skus = Grid2x2().Select((s, i) => s with { Price = new[] { 59m, 79.5m, 99.9m, 69m }[i] }).ToList();

        var product = Product.Create(Tenant, Draft(), ColorsAndSizes, skus, Now);

        Assert.Equal(59m, product.MinPrice);
        Assert.Equal(99.9m, product.MaxPrice);
    }

    [Fact]
    public void The_price_range_follows_the_skus_when_the_variants_change()
    {
        var product = ProductWithGrid();
        Assert.Equal((79m, 79m), (product.MinPrice, product.MaxPrice));

        product.SetVariants([Colors], [new(["红"], "TS-RED", 120m), new(["蓝"], "TS-BLUE", 88.8m)], Now.AddHours(1));

        Assert.Equal((88.8m, 120m), (product.MinPrice, product.MaxPrice));
    }

    [Fact]
    public void A_single_sku_product_has_a_single_price()
    {
        var product = SingleSkuProduct(Plain(price: 19.9m));

        Assert.Equal((19.9m, 19.9m), (product.MinPrice, product.MaxPrice));
    }

    [Fact]
    public void The_search_text_holds_name_subtitle_brand_attribute_and_spec_values_in_lower_case()
    {
        var draft = Draft("Cotton TEE") with { Subtitle = "Summer", Brand = "ACME", AttributeList = [new("材质", "Linen")] };

        var product = Product.Create(Tenant, draft, ColorsAndSizes, Grid2x2(), Now);

        Assert.Equal("cotton tee summer acme linen 红 蓝 s m", product.SearchText);
    }

    [Fact]
    public void The_search_text_leaves_out_blank_parts_and_the_description()
    {
        var product = SingleSkuProduct(Plain());

        Assert.Equal("纯棉圆领t恤", product.SearchText);
    }

    [Fact]
    public void The_search_text_follows_edits_and_variant_changes()
    {
        var product = ProductWithGrid();

        product.Edit(Draft("Linen Shirt") with { Brand = "Muji" }, Now.AddHours(1));
        Assert.Equal("linen shirt muji 红 蓝 s m", product.SearchText);

        product.SetVariants([new("颜色", ["Green"])], [new(["Green"], "LS-G", 99m)], Now.AddHours(2));
        Assert.Equal("linen shirt muji green", product.SearchText);
    }

    // ---- variants ----

    [Fact]
    public void Changing_variants_keeps_the_id_and_stock_of_a_sku_whose_combination_stays()
    {
        var product = ProductWithGrid();
        var redS = product.SkuOf("红", "S");
        var id = redS.Id;
        var later = Now.AddHours(1);
        var sizes = new SpecAttribute("尺码", ["S", "M", "L"]);
        var skus = Grid2x2(price: 89m).Select(s => s with { Stock = 999 })
            .Concat([new(["红", "L"], "TS-RED-L", 99m, Stock: 3), new(["蓝", "L"], "TS-BLUE-L", 99m, Stock: 4)]).ToList();

        product.SetVariants([Colors, sizes], skus, later);

        var kept = product.SkuOf("红", "S");
        Assert.Same(redS, kept);
        Assert.Equal(id, kept.Id);
        Assert.Equal(10, kept.OnHand);
        Assert.Equal(89m, kept.Price);
        Assert.Equal(3, product.SkuOf("红", "L").OnHand);
        Assert.Equal(6, product.Skus.Count);
        Assert.Equal(later, product.UpdatedAt);
    }

    [Fact]
    public void A_sku_is_matched_by_its_combination_even_when_its_code_changes()
    {
        var product = ProductWithGrid();
        var id = product.SkuOf("蓝", "M").Id;
        var skus = Grid2x2().Select(s => s with { Code = s.Code + "-V2" }).ToList();

        product.SetVariants(ColorsAndSizes, skus, Now.AddHours(1));

        var sku = product.SkuOf("蓝", "M");
        Assert.Equal(id, sku.Id);
        Assert.Equal("TS-BLUE-M-V2", sku.Code);
    }

    [Fact]
    public void A_combination_that_vanishes_takes_its_sku_with_it()
    {
        var product = ProductWithGrid();
        var ids = product.Skus.Where(s => s.SpecValues[0] == "红").Select(s => s.Id).ToList();

        product.SetVariants([Colors with { Values = ["红"] }, Sizes], [.. Grid2x2().Where(s => s.SpecValues[0] == "红")], Now.AddHours(1));

        Assert.Equal(ids, product.Skus.Select(s => s.Id));
        Assert.DoesNotContain(product.Skus, s => s.SpecValues.Contains("蓝"));
        Assert.Equal(["红"], product.Specs[0].Values);
    }

    [Fact]
    public void Dropping_a_combination_with_reserved_units_is_refused_and_changes_nothing()
    {
        var product = ProductWithGrid();
        product.SkuOf("蓝", "M").WithReserved(2);
        var skusBefore = product.Skus.ToList();
        var redRenamed = Grid2x2(price: 50m).Where(s => s.SpecValues[0] == "红").Select(s => s with { Code = s.Code + "-NEW" }).ToList();

        var refused = Assert.Throws<DomainException>(() =>
            product.SetVariants([Colors with { Values = ["红"] }, Sizes], redRenamed, Now.AddHours(1)));

        Assert.Equal("sku.reserved", refused.Code);
        Assert.Contains("TS-BLUE-M", refused.Message);
        Assert.Equal(skusBefore, product.Skus);
        Assert.Equal(ColorsAndSizes, product.Specs, (a, b) => a.Name == b.Name && a.Values.SequenceEqual(b.Values));
        Assert.All(product.Skus, s => Assert.Equal(79m, s.Price));
        Assert.DoesNotContain(product.Skus, s => s.Code.EndsWith("-NEW", StringComparison.Ordinal));
        Assert.Equal(Now, product.UpdatedAt);
    }

    [Fact]
    public void Dropping_a_combination_whose_units_are_all_free_is_allowed_even_with_reserved_units_elsewhere()
    {
        var product = ProductWithGrid();
        product.SkuOf("红", "S").WithReserved(5);

        product.SetVariants([Colors with { Values = ["红"] }, Sizes], [.. Grid2x2().Where(s => s.SpecValues[0] == "红")], Now.AddHours(1));

        Assert.Equal(5, product.SkuOf("红", "S").Reserved);
        Assert.Equal(2, product.Skus.Count);
    }

    [Fact]
    public void A_refused_variant_change_leaves_every_sku_as_it_was()
    {
        var product = ProductWithGrid();
        var skus = Grid2x2(price: 50m).ToList();
        skus[3] = skus[3] with { Price = -1m };

        var refused = Assert.Throws<DomainException>(() => product.SetVariants(ColorsAndSizes, skus, Now.AddHours(1)));

        Assert.Equal("sku.price", refused.Code);
        Assert.All(product.Skus, s => Assert.Equal(79m, s.Price));
        Assert.Equal(Now, product.UpdatedAt);
    }

    [Fact]
    public void A_sku_added_with_negative_stock_is_refused_and_changes_nothing()
    {
        var product = ProductWithGrid();
        var skus = Grid2x2(price: 50m).Append(new(["绿", "S"], "TS-GREEN-S", 50m, Stock: -1)).Append(new(["绿", "M"], "TS-GREEN-M", 50m)).ToList();

        var refused = Assert.Throws<DomainException>(() => product.SetVariants([Colors with { Values = ["红", "蓝", "绿"] }, Sizes], skus, Now.AddHours(1)));

        Assert.Equal("sku.stock", refused.Code);
        Assert.Equal(4, product.Skus.Count);
        Assert.All(product.Skus, s => Assert.Equal(79m, s.Price));
    }

    [Fact]
    public void Spec_values_in_sku_drafts_are_trimmed()
    {
        var product = Product.Create(Tenant, Draft(), [new(" 颜色 ", [" 红 ", "蓝"])], [new([" 红"], "R", 1m), new(["蓝 "], "B", 1m)], Now);

        Assert.Equal(["红"], product.Skus[0].SpecValues);
        Assert.Equal(["蓝"], product.Skus[1].SpecValues);
        Assert.Equal("颜色", product.Specs[0].Name);
    }

    // ---- listing and delisting ----

    [Fact]
    public void Listing_a_draft_puts_it_on_sale()
    {
        var product = ProductWithGrid();
        var later = Now.AddHours(1);

        product.List(later);

        Assert.Equal(ProductStatus.Listed, product.Status);
        Assert.Equal(later, product.ListedAt);
        Assert.Equal(later, product.UpdatedAt);
    }

    [Fact]
    public void Listing_a_listed_product_is_refused()
    {
        var product = ProductWithGrid();
        product.List(Now);

        var refused = Assert.Throws<DomainException>(() => product.List(Now.AddHours(1)));

        Assert.Equal("product.listed", refused.Code);
        Assert.Equal(ProductStatus.Listed, product.Status);
        Assert.Equal(Now, product.ListedAt);
    }

    [Fact]
    public void Delisting_a_listed_product_takes_it_off_the_shelf()
    {
        var product = ProductWithGrid();
        product.List(Now);
        var later = Now.AddDays(1);

        product.Delist(later);

        Assert.Equal(ProductStatus.Delisted, product.Status);
        Assert.Equal(later, product.DelistedAt);
        Assert.Equal(later, product.UpdatedAt);
    }

    [Fact]
    public void Delisting_a_draft_is_refused()
    {
        var product = ProductWithGrid();

        var refused = Assert.Throws<DomainException>(() => product.Delist(Now.AddHours(1)));

        Assert.Equal("product.not-listed", refused.Code);
        Assert.Equal(ProductStatus.Draft, product.Status);
        Assert.Equal(Now, product.UpdatedAt);
    }

    [Fact]
    public void Delisting_a_delisted_product_is_refused()
    {
        var product = ProductWithGrid();
        product.List(Now);
        product.Delist(Now.AddHours(1));

        var refused = Assert.Throws<DomainException>(() => product.Delist(Now.AddHours(2)));

        Assert.Equal("product.not-listed", refused.Code);
        Assert.Equal(ProductStatus.Delisted, product.Status);
        Assert.Equal(Now.AddHours(1), product.DelistedAt);
    }

    [Fact]
    public void A_delisted_product_can_be_listed_again()
    {
        var product = ProductWithGrid();
        product.List(Now);
        product.Delist(Now.AddHours(1));
        var relisted = Now.AddDays(2);

        product.List(relisted);

        Assert.Equal(ProductStatus.Listed, product.Status);
        Assert.Equal(relisted, product.ListedAt);
    }

    // ---- scheduling ----

    [Fact]
    public void Listing_and_delisting_can_be_planned_for_future_times()
    {
        var product = ProductWithGrid();

        product.Schedule(Now.AddHours(1), Now.AddDays(7), Now);

        Assert.Equal(Now.AddHours(1), product.ScheduledListAt);
        Assert.Equal(Now.AddDays(7), product.ScheduledDelistAt);
        Assert.Equal(ProductStatus.Draft, product.Status);
    }

    [Fact]
    public void Scheduling_nothing_clears_the_plans()
    {
        var product = ProductWithGrid();
        product.Schedule(Now.AddHours(1), Now.AddDays(7), Now);

        product.Schedule(null, null, Now.AddMinutes(5));

        Assert.Null(product.ScheduledListAt);
        Assert.Null(product.ScheduledDelistAt);
        Assert.False(product.ApplySchedule(Now.AddDays(30)));
        Assert.Equal(ProductStatus.Draft, product.Status);
    }

    public static TheoryData<TimeSpan?, TimeSpan?> PastOrPresentTimes => new()
    {
        { TimeSpan.Zero, null },
        { TimeSpan.FromTicks(-1), null },
        { TimeSpan.FromDays(-1), TimeSpan.FromDays(1) },
        { null, TimeSpan.Zero },
        { null, TimeSpan.FromMinutes(-1) },
        { TimeSpan.FromHours(1), TimeSpan.Zero },
    };

    [Theory]
    [MemberData(nameof(PastOrPresentTimes))]
    public void A_plan_for_now_or_the_past_is_refused(TimeSpan? listIn, TimeSpan? delistIn)
    {
        var product = ProductWithGrid();

        var refused = Assert.Throws<DomainException>(() => product.Schedule(Now + listIn, Now + delistIn, Now));

        Assert.Equal("product.schedule-past", refused.Code);
        Assert.Null(product.ScheduledListAt);
        Assert.Null(product.ScheduledDelistAt);
    }

    [Fact]
    public void A_plan_a_tick_ahead_is_accepted()
    {
        var product = ProductWithGrid();

        product.Schedule(Now.AddTicks(1), Now.AddTicks(2), Now);

        Assert.Equal(Now.AddTicks(1), product.ScheduledListAt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Delisting_planned_at_or_before_the_planned_listing_is_refused(int minutesAfterListing)
    {
        var product = ProductWithGrid();
        var listAt = Now.AddDays(1);

        var refused = Assert.Throws<DomainException>(() => product.Schedule(listAt, listAt.AddMinutes(minutesAfterListing), Now));

        Assert.Equal("product.schedule-order", refused.Code);
        Assert.Null(product.ScheduledListAt);
    }

    [Fact]
    public void Planning_to_list_a_listed_product_is_refused()
    {
        var product = ProductWithGrid();
        product.List(Now);

        var refused = Assert.Throws<DomainException>(() => product.Schedule(Now.AddHours(1), null, Now));

        Assert.Equal("product.listed", refused.Code);
        Assert.Null(product.ScheduledListAt);
    }

    [Fact]
    public void A_listed_product_can_be_planned_to_be_delisted()
    {
        var product = ProductWithGrid();
        product.List(Now);

        product.Schedule(null, Now.AddDays(3), Now.AddMinutes(1));

        Assert.Equal(Now.AddDays(3), product.ScheduledDelistAt);
        Assert.Equal(Now.AddMinutes(1), product.UpdatedAt);
    }

    [Fact]
    public void A_refused_plan_keeps_the_previous_one()
    {
        var product = ProductWithGrid();
        product.Schedule(Now.AddHours(1), Now.AddHours(2), Now);

        Assert.Throws<DomainException>(() => product.Schedule(Now.AddHours(5), Now.AddHours(4), Now.AddMinutes(1)));

        Assert.Equal(Now.AddHours(1), product.ScheduledListAt);
        Assert.Equal(Now.AddHours(2), product.ScheduledDelistAt);
        Assert.Equal(Now, product.UpdatedAt);
    }

    [Fact]
    public void A_planned_listing_does_not_happen_a_tick_before_it_is_due()
    {
        var product = ProductWithGrid();
        var listAt = Now.AddHours(1);
        product.Schedule(listAt, null, Now);

        Assert.False(product.ApplySchedule(listAt.AddTicks(-1)));

        Assert.Equal(ProductStatus.Draft, product.Status);
        Assert.Equal(listAt, product.ScheduledListAt);
    }

    [Fact]
    public void A_planned_listing_happens_at_the_exact_instant_it_is_due()
    {
        var product = ProductWithGrid();
        var listAt = Now.AddHours(1);
        product.Schedule(listAt, null, Now);

        Assert.True(product.ApplySchedule(listAt));

        Assert.Equal(ProductStatus.Listed, product.Status);
        Assert.Equal(listAt, product.ListedAt);
        Assert.Null(product.ScheduledListAt);
    }

    [Fact]
    public void A_late_run_lists_the_product_as_of_the_planned_time_and_only_once()
    {
        var product = ProductWithGrid();
        var listAt = Now.AddHours(1);
        product.Schedule(listAt, null, Now);

        Assert.True(product.ApplySchedule(listAt.AddMinutes(3)));
        Assert.False(product.ApplySchedule(listAt.AddMinutes(4)));

        Assert.Equal(ProductStatus.Listed, product.Status);
        Assert.Equal(listAt, product.ListedAt);
    }

    [Fact]
    public void A_planned_delisting_happens_exactly_when_due()
    {
        var product = ProductWithGrid();
        product.List(Now);
        var delistAt = Now.AddDays(1);
        product.Schedule(null, delistAt, Now);

        Assert.False(product.ApplySchedule(delistAt.AddTicks(-1)));
        Assert.Equal(ProductStatus.Listed, product.Status);

        Assert.True(product.ApplySchedule(delistAt));
        Assert.Equal(ProductStatus.Delisted, product.Status);
        Assert.Equal(delistAt, product.DelistedAt);
        Assert.Null(product.ScheduledDelistAt);
    }

    [Fact]
    public void A_planned_listing_and_delisting_happen_in_turn()
    {
        var product = ProductWithGrid();
        var listAt = Now.AddHours(1);
        var delistAt = Now.AddHours(5);
        product.Schedule(listAt, delistAt, Now);

        Assert.True(product.ApplySchedule(listAt));
        Assert.Equal(ProductStatus.Listed, product.Status);
        Assert.False(product.ApplySchedule(delistAt.AddTicks(-1)));
        Assert.True(product.ApplySchedule(delistAt));

        Assert.Equal(ProductStatus.Delisted, product.Status);
        Assert.Equal(listAt, product.ListedAt);
        Assert.Equal(delistAt, product.DelistedAt);
    }

    [Fact]
    public void A_run_after_both_plans_came_due_lists_then_delists_at_the_planned_times()
    {
        var product = ProductWithGrid();
        product.Schedule(Now.AddHours(1), Now.AddHours(2), Now);

        Assert.True(product.ApplySchedule(Now.AddHours(3)));

        Assert.Equal(ProductStatus.Delisted, product.Status);
        Assert.Equal(Now.AddHours(1), product.ListedAt);
        Assert.Equal(Now.AddHours(2), product.DelistedAt);
        Assert.Null(product.ScheduledListAt);
        Assert.Null(product.ScheduledDelistAt);
    }

    [Fact]
    public void Without_plans_applying_the_schedule_changes_nothing()
    {
        var product = ProductWithGrid();
        product.List(Now);

        Assert.False(product.ApplySchedule(Now.AddYears(1)));

        Assert.Equal(ProductStatus.Listed, product.Status);
        Assert.Equal(Now, product.UpdatedAt);
    }

    [Fact]
    public void Listing_by_hand_cancels_the_planned_listing()
    {
        var product = ProductWithGrid();
        product.Schedule(Now.AddDays(1), null, Now);

        product.List(Now.AddHours(1));

        Assert.Null(product.ScheduledListAt);
        Assert.False(product.ApplySchedule(Now.AddDays(2)));
        Assert.Equal(Now.AddHours(1), product.ListedAt);
    }

    [Fact]
    public void A_delisting_planned_for_a_draft_that_came_due_before_it_was_listed_does_not_take_down_the_later_listing()
    {
        var product = ProductWithGrid();
        product.Schedule(null, Now.AddDays(1), Now);
        var listedAt = Now.AddDays(3);

        product.List(listedAt);
        var changed = product.ApplySchedule(listedAt.AddMinutes(1));

        Assert.False(changed);
        Assert.Equal(ProductStatus.Listed, product.Status);
        Assert.Null(product.DelistedAt);
    }
}
