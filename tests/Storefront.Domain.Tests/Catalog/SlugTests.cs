using Storefront.Domain.Catalog;

namespace Storefront.Domain.Tests.Catalog;

/// <summary>
/// The one definition of product and category slugs (<see cref="Product.IsValidSlug"/>, <see cref="Category.IsValidSlug"/>),
/// which the CSV import and the category validators call instead of their own patterns.
/// </summary>
public sealed class SlugTests
{
    [Theory]
    [InlineData("a", true)]
    [InlineData("t-shirt-2", true)]
    [InlineData("-tshirt", false)]
    [InlineData("tshirt-", false)]
    [InlineData("T-shirt", false)]
    [InlineData("t_shirt", false)]
    [InlineData("t恤", false)]
    [InlineData("tshirt\n", false)]
    [InlineData("", false)]
    public void Slugs_are_lowercase_letters_digits_and_inner_hyphens(string slug, bool valid)
    {
        Assert.Equal(valid, Product.IsValidSlug(slug));
        Assert.Equal(valid, Category.IsValidSlug(slug));
    }

    [Fact]
    public void A_product_slug_holds_up_to_80_characters_a_category_slug_up_to_60()
    {
        Assert.True(Product.IsValidSlug(new string('a', 80)));
        Assert.False(Product.IsValidSlug(new string('a', 81)));
        Assert.True(Category.IsValidSlug(new string('a', 60)));
        Assert.False(Category.IsValidSlug(new string('a', 61)));
    }
}
