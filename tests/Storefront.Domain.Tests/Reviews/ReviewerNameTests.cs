using Storefront.Domain.Reviews;

namespace Storefront.Domain.Tests.Reviews;

public sealed class ReviewerNameTests
{
    [Theory]
    [InlineData("小", "*")]
    [InlineData("小明", "小*")]
    [InlineData("小红明", "小**")]
    [InlineData("欧阳小明", "欧**明")]
    [InlineData("Alexander", "A*******r")]
    [InlineData("  小明 ", "小*")]
    [InlineData("", "匿名用户")]
    public void An_anonymous_name_is_masked(string name, string shown) => Assert.Equal(shown, ReviewerName.Mask(name));

    [Theory]
    [InlineData("小")]
    [InlineData("小明")]
    [InlineData("小红明")]
    public void Names_of_three_characters_or_fewer_show_at_most_one(string name)
    {
        var masked = ReviewerName.Mask(name);
        Assert.True(masked.Count(c => c != '*') <= 1, masked);
        Assert.NotEqual(name, masked);
    }

    [Fact]
    public void An_emoji_counts_as_one_character_and_is_never_split()
    {
        Assert.Equal("😀*", ReviewerName.Mask("😀明"));
        Assert.Equal("小**😀", ReviewerName.Mask("小红明😀"));
    }
}
