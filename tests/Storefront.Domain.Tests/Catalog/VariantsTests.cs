using FsCheck;
using FsCheck.Fluent;
using Storefront.Domain.Catalog;
using Storefront.Domain.Common;
using static Storefront.Domain.Tests.Catalog.CatalogExamples;

namespace Storefront.Domain.Tests.Catalog;

public sealed class VariantsTests
{
    private static string Refusal(Action action) => Assert.Throws<DomainException>(action).Code;

    private static IReadOnlyList<SkuDraft> DraftsFor(IReadOnlyList<SpecAttribute> specs) =>
        [.. Variants.Combinations(specs).Select((values, i) => new SkuDraft(values, $"SKU-{i}", 10m))];

    // ---- Normalize ----

    [Fact]
    public void Normalize_trims_names_and_values()
    {
        var normalized = Variants.Normalize([new(" 颜色 ", [" 红", "蓝 "]), new("\t尺码", ["S"])]);

        Assert.Equal("颜色", normalized[0].Name);
        Assert.Equal(["红", "蓝"], normalized[0].Values);
        Assert.Equal("尺码", normalized[1].Name);
    }

    [Fact]
    public void No_spec_attributes_at_all_is_fine()
    {
        Assert.Empty(Variants.Normalize([]));
    }

    [Fact]
    public void Three_spec_attributes_are_accepted_and_a_fourth_is_refused()
    {
        SpecAttribute[] three = [new("颜色", ["红"]), new("尺码", ["S"]), new("款式", ["长袖"])];
        Assert.Equal(3, Variants.Normalize(three).Count);

        Assert.Equal("spec.count", Refusal(() => Variants.Normalize([.. three, new("材质", ["棉"])])));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("一二三四五六七八九十一二三四五六七八九十一")]
    public void A_blank_or_overlong_attribute_name_is_refused(string name)
    {
        Assert.Equal("spec.name", Refusal(() => Variants.Normalize([new(name, ["红"])])));
    }

    [Fact]
    public void Attribute_names_that_differ_only_in_case_or_spacing_are_duplicates()
    {
        Assert.Equal("spec.duplicate-name", Refusal(() => Variants.Normalize([new("Color", ["Red"]), new(" color ", ["Blue"])])));
    }

    [Fact]
    public void An_attribute_without_values_is_refused()
    {
        Assert.Equal("spec.values", Refusal(() => Variants.Normalize([new("颜色", [])])));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("1234567890123456789012345678901")]
    public void A_blank_or_overlong_value_is_refused(string value)
    {
        Assert.Equal("spec.values", Refusal(() => Variants.Normalize([new("颜色", ["红", value])])));
    }

    [Fact]
    public void Values_that_differ_only_in_case_or_spacing_are_duplicates()
    {
        Assert.Equal("spec.duplicate-value", Refusal(() => Variants.Normalize([new("尺码", ["xl", " XL "])])));
    }

    [Fact]
    public void Thirty_values_are_accepted_and_thirty_one_refused()
    {
        var thirty = Enumerable.Range(1, Variants.MaxValuesPerAttribute).Select(i => $"v{i}").ToList();
        Assert.Equal(30, Variants.Normalize([new("码", thirty)])[0].Values.Count);

        Assert.Equal("spec.values", Refusal(() => Variants.Normalize([new("码", [.. thirty, "v31"])])));
    }

    // ---- Combinations ----

    [Fact]
    public void Combinations_are_the_cartesian_product_in_attribute_order()
    {
        var combinations = Variants.Combinations([Colors, Sizes, new("款式", ["短袖", "长袖"])]);

        Assert.Equal(
            [
                ["红", "S", "短袖"], ["红", "S", "长袖"], ["红", "M", "短袖"], ["红", "M", "长袖"],
                ["蓝", "S", "短袖"], ["蓝", "S", "长袖"], ["蓝", "M", "短袖"], ["蓝", "M", "长袖"],
            ],
            combinations);
    }

    [Fact]
    public void Without_spec_attributes_there_is_one_empty_combination()
    {
        var combination = Assert.Single(Variants.Combinations([]));

        Assert.Empty(combination);
    }

    // ---- Check ----

    [Fact]
    public void The_full_2x2_grid_is_accepted()
    {
        Variants.Check(ColorsAndSizes, Grid2x2());
    }

    [Fact]
    public void The_grid_may_come_in_any_order()
    {
        Variants.Check(ColorsAndSizes, [.. Grid2x2().Reverse()]);
    }

    [Fact]
    public void A_single_sku_without_spec_values_is_accepted_for_a_product_without_spec_attributes()
    {
        Variants.Check([], [Plain()]);
    }

    [Fact]
    public void A_missing_combination_is_refused_and_named()
    {
        var refused = Assert.Throws<DomainException>(() => Variants.Check(ColorsAndSizes, [.. Grid2x2().Where(s => s.Code != "TS-BLUE-S")]));

        Assert.Equal("sku.missing-combination", refused.Code);
        Assert.Contains("蓝 / S", refused.Message);
    }

    [Fact]
    public void A_product_without_spec_attributes_needs_its_one_sku()
    {
        Assert.Equal("sku.missing-combination", Refusal(() => Variants.Check([], [])));
    }

    [Fact]
    public void Two_skus_for_the_same_combination_are_refused()
    {
        Assert.Equal("sku.duplicate-combination", Refusal(() => Variants.Check(ColorsAndSizes, [.. Grid2x2(), new(["红", " S "], "TS-RED-S-2", 79m)])));
    }

    [Fact]
    public void A_value_that_is_not_one_of_the_attribute_values_is_refused()
    {
        var skus = Grid2x2().ToList();
        skus[0] = skus[0] with { SpecValues = ["绿", "S"] };

        Assert.Equal("sku.spec", Refusal(() => Variants.Check(ColorsAndSizes, skus)));
    }

    [Fact]
    public void A_value_of_another_attribute_is_refused_in_the_wrong_position()
    {
        var skus = Grid2x2().ToList();
        skus[0] = skus[0] with { SpecValues = ["S", "红"] };

        Assert.Equal("sku.spec", Refusal(() => Variants.Check(ColorsAndSizes, skus)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_sku_with_the_wrong_number_of_values_is_refused(int count)
    {
        var skus = Grid2x2().ToList();
        skus[0] = skus[0] with { SpecValues = [.. new[] { "红", "S", "S" }.Take(count)] };

        Assert.Equal("sku.spec", Refusal(() => Variants.Check(ColorsAndSizes, skus)));
    }

    [Fact]
    public void Sku_codes_that_differ_only_in_case_or_spacing_are_duplicates()
    {
        var skus = Grid2x2().ToList();
        skus[3] = skus[3] with { Code = " ts-red-s " };

        Assert.Equal("sku.duplicate-code", Refusal(() => Variants.Check(ColorsAndSizes, skus)));
    }

    [Fact]
    public void Four_hundred_combinations_are_accepted()
    {
        SpecAttribute[] specs = [Values("A", 20), Values("B", 20)];

        Variants.Check(specs, DraftsFor(specs));
    }

    [Fact]
    public void More_than_four_hundred_combinations_are_refused()
    {
        SpecAttribute[] specs = [Values("A", 20), Values("B", 20), Values("C", 2)];

        Assert.Equal("sku.too-many", Refusal(() => Variants.Check(specs, DraftsFor(specs))));
    }

    [Fact]
    public void Values_containing_the_display_separator_do_not_make_distinct_combinations_collide()
    {
        // ("a / b", "c") and ("a", "b / c") both read "a / b / c" when joined for display.
        SpecAttribute[] specs = [new("X", ["a / b", "a"]), new("Y", ["c", "b / c"])];
        var skus = DraftsFor(specs);

        Variants.Check(specs, skus);
        var product = Product.Create(Tenant, Draft(), specs, skus, Now);
        product.SetVariants(specs, skus, Now.AddHours(1));

        Assert.Equal(4, product.Skus.Count);
    }

    private static SpecAttribute Values(string name, int count) => new(name, [.. Enumerable.Range(1, count).Select(i => $"{name}{i}")]);

    // ---- properties ----

    /// <summary>
    /// 1–3 attributes, each with 1–4 distinct values. Values are short and often contain the " / " that joins
    /// a combination for display, so that combinations which would read alike are tried too.
    /// </summary>
    private static readonly Gen<string[][]> SpecValueGrids =
        from attributeCount in Gen.Choose(1, Variants.MaxAttributes)
        from grid in Gen.ArrayOf(DistinctValues(), attributeCount)
        select grid;

    private static Gen<string[]> DistinctValues()
    {
        var atom = Gen.Elements("a", "B", "红", "x 1");
        var value = Gen.OneOf(
            atom,
            from left in atom from right in atom select $"{left} / {right}",
            from tokens in Gen.NonEmptyListOf(Gen.Elements("a", "/", " ", "蓝", "-")) select string.Concat(tokens).Trim());
        return
            from count in Gen.Choose(1, 4)
            from candidates in Gen.ArrayOf(value.Where(v => v.Length is > 0 and <= 30), 8)
            select candidates.Distinct(StringComparer.OrdinalIgnoreCase).Take(count).ToArray();
    }

    private static IReadOnlyList<SpecAttribute> SpecsOf(string[][] grid) => [.. grid.Select((values, i) => new SpecAttribute($"规格{i + 1}", values))];

    [Fact]
    public void Combinations_count_the_product_of_the_value_counts_and_are_all_distinct()
    {
        Prop.ForAll(SpecValueGrids.ToArbitrary(), grid =>
        {
            var specs = Variants.Normalize(SpecsOf(grid));
            var combinations = Variants.Combinations(specs);

            var expectedCount = grid.Aggregate(1, (product, values) => product * values.Length);
            var distinct = combinations.Select(c => string.Join('\0', c)).Distinct().Count();
            return combinations.Count == expectedCount
                && distinct == expectedCount
                && combinations.All(c => c.Count == specs.Count && c.Select((v, i) => specs[i].Values.Contains(v)).All(ok => ok));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Check_accepts_exactly_the_sku_drafts_built_from_the_combinations()
    {
        Prop.ForAll(SpecValueGrids.ToArbitrary(), grid =>
        {
            var specs = Variants.Normalize(SpecsOf(grid));
            var skus = DraftsFor(specs);

            Variants.Check(specs, skus);

            for (var i = 0; i < skus.Count; i++)
            {
                var withoutOne = skus.Where((_, j) => j != i).ToList();
                Assert.Equal("sku.missing-combination", Refusal(() => Variants.Check(specs, withoutOne)));

                var withTwice = skus.Append(skus[i] with { Code = "EXTRA" }).ToList();
                Assert.Equal("sku.duplicate-combination", Refusal(() => Variants.Check(specs, withTwice)));
            }
        }).QuickCheckThrowOnFailure();
    }
}
