using Storefront.Domain.Common;
using Storefront.Domain.Ordering;

namespace Storefront.Domain.Tests.Ordering;

public sealed class CartLineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Tenant = Guid.Parse("0195f0b4-0000-7000-8000-000000000001");

    private static CartLine Line(int quantity = 2, decimal price = 99m) => CartLine.Create(Tenant, Guid.NewGuid(), Guid.NewGuid(), quantity, price, Now);

    [Fact]
    public void A_new_line_is_selected_and_remembers_the_price_it_was_added_at()
    {
        var line = Line(3, 59.9m);

        Assert.True(line.Selected);
        Assert.Equal(3, line.Quantity);
        Assert.Equal(59.9m, line.PriceWhenAdded);
        Assert.Equal(Now, line.AddedAt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1000)]
    public void A_quantity_outside_1_to_999_is_refused(int quantity)
    {
        Assert.Equal("cart.quantity", Assert.Throws<DomainException>(() => Line(quantity)).Code);
        var line = Line(2);
        Assert.Throws<DomainException>(() => line.SetQuantity(quantity, Now));
        Assert.Throws<DomainException>(() => line.Add(quantity, Now));
        Assert.Equal(2, line.Quantity);
    }

    [Fact]
    public void A_new_line_in_a_cart_that_already_holds_the_most_lines_is_refused()
    {
        var line = CartLine.Create(Tenant, Guid.NewGuid(), Guid.NewGuid(), 1, 99m, CartLine.MaxLines - 1, Now);
        Assert.Equal(1, line.Quantity);

        var full = Assert.Throws<DomainException>(() => CartLine.Create(Tenant, Guid.NewGuid(), Guid.NewGuid(), 1, 99m, CartLine.MaxLines, Now));
        Assert.Equal("cart.lines", full.Code);
        Assert.True(full.IsConflict);
    }

    [Fact]
    public void Adding_more_adds_up_to_at_most_999_and_selects_the_line_again()
    {
        var line = Line(900);
        line.Select(false, Now);

        line.Add(50, Now.AddMinutes(1));
        Assert.Equal(950, line.Quantity);
        Assert.True(line.Selected);

        line.Add(200, Now.AddMinutes(2));
        Assert.Equal(CartLine.MaxQuantity, line.Quantity);
        Assert.Equal(Now.AddMinutes(2), line.UpdatedAt);
    }

    [Fact]
    public void Setting_the_quantity_replaces_it_and_selection_toggles()
    {
        var line = Line(2);

        line.SetQuantity(7, Now.AddMinutes(1));
        line.Select(false, Now.AddMinutes(2));

        Assert.Equal(7, line.Quantity);
        Assert.False(line.Selected);
        Assert.Equal(Now.AddMinutes(2), line.UpdatedAt);
    }

    [Fact]
    public void Acknowledging_a_price_makes_it_the_one_compared_against()
    {
        var line = Line(price: 99m);

        line.AcknowledgePrice(89m);

        Assert.Equal(89m, line.PriceWhenAdded);
    }
}
