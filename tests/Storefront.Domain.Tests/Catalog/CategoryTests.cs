using Storefront.Domain.Catalog;
using Storefront.Domain.Common;
using static Storefront.Domain.Tests.Catalog.CatalogExamples;

namespace Storefront.Domain.Tests.Catalog;

public sealed class CategoryTests
{
    private static Category Top(string slug = "clothing") => Category.Create(Tenant, null, "服装", slug, 0, Now);

    private static Category Under(Category parent, string slug) => Category.Create(Tenant, parent, slug, slug, 0, Now);

    private static string Refusal(Action action) => Assert.Throws<DomainException>(action).Code;

    [Fact]
    public void A_top_category_is_level_one_without_parent()
    {
        var category = Category.Create(Tenant, null, "  服装 ", " Clothing ", 2, Now);

        Assert.Equal(Tenant, category.TenantId);
        Assert.NotEqual(Guid.Empty, category.Id);
        Assert.Null(category.ParentId);
        Assert.Equal(1, category.Level);
        Assert.Equal("服装", category.Name);
        Assert.Equal("clothing", category.Slug);
        Assert.Equal(2, category.Position);
        Assert.Equal(Now, category.UpdatedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_name_is_refused(string name)
    {
        Assert.Equal("category.name", Refusal(() => Category.Create(Tenant, null, name, "clothing", 0, Now)));
    }

    [Fact]
    public void A_name_of_40_characters_is_accepted_and_41_refused()
    {
        Assert.Equal(40, Category.Create(Tenant, null, new string('类', 40), "c", 0, Now).Name.Length);

        Assert.Equal("category.name", Refusal(() => Category.Create(Tenant, null, new string('类', 41), "c", 0, Now)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-men")]
    [InlineData("men-")]
    [InlineData("men shoes")]
    [InlineData("men_shoes")]
    [InlineData("男装")]
    [InlineData("a/b")]
    public void A_slug_with_other_than_letters_digits_and_inner_hyphens_is_refused(string slug)
    {
        Assert.Equal("category.slug", Refusal(() => Category.Create(Tenant, null, "服装", slug, 0, Now)));
    }

    [Fact]
    public void A_slug_of_60_characters_is_accepted_and_61_refused()
    {
        Assert.Equal(60, Top(new string('a', 60)).Slug.Length);

        Assert.Equal("category.slug", Refusal(() => Top(new string('a', 61))));
    }

    [Fact]
    public void Categories_nest_three_levels_deep()
    {
        var top = Top();
        var second = Under(top, "men");
        var third = Under(second, "shirts");

        Assert.Equal((2, top.Id), (second.Level, second.ParentId));
        Assert.Equal((3, second.Id), (third.Level, third.ParentId));
    }

    [Fact]
    public void A_fourth_level_is_refused()
    {
        var third = Under(Under(Top(), "men"), "shirts");

        Assert.Equal("category.depth", Refusal(() => Under(third, "linen")));
    }

    [Fact]
    public void A_parent_of_another_store_is_refused()
    {
        var foreign = Category.Create(Guid.NewGuid(), null, "服装", "clothing", 0, Now);

        Assert.Equal("category.parent", Refusal(() => Category.Create(Tenant, foreign, "男装", "men", 0, Now)));
    }

    // ---- renaming ----

    [Fact]
    public void Renaming_with_a_new_slug_returns_the_old_slug_to_redirect_from()
    {
        var category = Top("clothing");

        var old = category.Rename("衣服", "apparel", Now.AddHours(1));

        Assert.Equal("clothing", old);
        Assert.Equal(("衣服", "apparel"), (category.Name, category.Slug));
        Assert.Equal(Now.AddHours(1), category.UpdatedAt);
    }

    [Theory]
    [InlineData("clothing")]
    [InlineData(" Clothing ")]
    [InlineData("CLOTHING")]
    public void Renaming_with_the_same_slug_returns_no_old_slug(string slug)
    {
        var category = Top("clothing");

        Assert.Null(category.Rename("衣服", slug, Now.AddHours(1)));
        Assert.Equal("衣服", category.Name);
        Assert.Equal("clothing", category.Slug);
    }

    [Fact]
    public void A_refused_rename_changes_nothing()
    {
        var category = Top("clothing");

        Assert.Equal("category.slug", Refusal(() => category.Rename("衣服", "bad slug", Now.AddHours(1))));

        Assert.Equal(("服装", "clothing", Now), (category.Name, category.Slug, category.UpdatedAt));
    }

    // ---- moving ----

    [Fact]
    public void Moving_under_another_parent_takes_its_level_and_the_new_position()
    {
        var men = Under(Top("clothing"), "men");
        var shoes = Top("shoes");
        var later = Now.AddHours(1);

        shoes.MoveTo(men, [men.ParentId!.Value], subtreeHeight: 1, position: 4, later);

        Assert.Equal((men.Id, 3, 4, later), (shoes.ParentId, shoes.Level, shoes.Position, shoes.UpdatedAt));
    }

    [Fact]
    public void Moving_to_the_top_makes_it_level_one()
    {
        var top = Top();
        var men = Under(top, "men");

        men.MoveTo(null, [], subtreeHeight: 2, position: 1, Now.AddHours(1));

        Assert.Null(men.ParentId);
        Assert.Equal(1, men.Level);
    }

    [Fact]
    public void Moving_a_category_under_itself_is_refused()
    {
        var men = Under(Top(), "men");

        Assert.Equal("category.cycle", Refusal(() => men.MoveTo(men, [men.ParentId!.Value], 1, 0, Now.AddHours(1))));
    }

    [Fact]
    public void Moving_a_category_under_one_of_its_descendants_is_refused()
    {
        var top = Top();
        var men = Under(top, "men");
        var shirts = Under(men, "shirts");

        Assert.Equal("category.cycle", Refusal(() => top.MoveTo(shirts, [men.Id, top.Id], subtreeHeight: 3, 0, Now.AddHours(1))));
        Assert.Equal("category.cycle", Refusal(() => top.MoveTo(men, [top.Id], subtreeHeight: 3, 0, Now.AddHours(1))));
    }

    [Fact]
    public void A_move_that_would_push_the_subtree_below_level_three_is_refused_and_changes_nothing()
    {
        var clothing = Top("clothing");
        var men = Under(clothing, "men");
        var shoes = Top("shoes");
        Under(shoes, "boots");

        Assert.Equal("category.depth", Refusal(() => shoes.MoveTo(men, [clothing.Id], subtreeHeight: 2, position: 9, Now.AddHours(1))));

        Assert.Equal((null, 1, 0, Now), (shoes.ParentId, shoes.Level, shoes.Position, shoes.UpdatedAt));
    }

    [Fact]
    public void A_subtree_two_levels_high_fits_under_a_top_category()
    {
        var clothing = Top("clothing");
        var shoes = Top("shoes");

        shoes.MoveTo(clothing, [], subtreeHeight: 2, position: 0, Now.AddHours(1));

        Assert.Equal(2, shoes.Level);
    }
}
