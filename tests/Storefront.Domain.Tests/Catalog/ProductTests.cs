using Storefront.Domain.Catalog;
using Storefront.Domain.Common;

namespace Storefront.Domain.Tests.Catalog;

public sealed class ProductTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Tenant = Guid.Parse("0195f0b4-0000-7000-8000-000000000001");

    public static TheoryData<decimal> ValidPrices => new() { 0.01m, 1m, 1.5m, 19.90m, 1.500m, 99_999_999.99m };

    public static TheoryData<decimal> ZeroOrNegativePrices => new() { 0m, -0.01m, -1m, -99_999_999.99m };

    public static TheoryData<decimal> PricesWithMoreThanTwoDecimals => new() { 0.001m, 1.005m, 19.999m, 0.0001m };

    public static TheoryData<decimal> PricesAboveTheMaximum => new() { 100_000_000m, 99_999_999.991m, 1_000_000_000m, decimal.MaxValue };

    private static Product NewProduct(string name = "纯棉圆领T恤", decimal price = 79m) =>
        Product.Create(Tenant, name, "  soft cotton  ", price, Now);

    [Fact]
    public void A_new_product_is_a_draft_of_its_store()
    {
        var product = NewProduct();

        Assert.Equal(Tenant, product.TenantId);
        Assert.NotEqual(Guid.Empty, product.Id);
        Assert.Equal(ProductStatus.Draft, product.Status);
        Assert.Null(product.ListedAt);
        Assert.Equal(Now, product.CreatedAt);
        Assert.Equal(Now, product.UpdatedAt);
        Assert.Equal(79m, product.Price);
    }

    [Fact]
    public void The_name_and_description_are_trimmed()
    {
        var product = Product.Create(Tenant, "  T-shirt \n", "  soft cotton  ", 79m, Now);

        Assert.Equal("T-shirt", product.Name);
        Assert.Equal("soft cotton", product.Description);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\n ")]
    public void A_blank_name_is_refused(string name)
    {
        var refused = Assert.Throws<DomainException>(() => NewProduct(name: name));

        Assert.Equal("product.name", refused.Code);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(Product.NameMaxLength)]
    public void A_name_of_up_to_the_maximum_length_is_accepted(int length)
    {
        Assert.Equal(length, NewProduct(name: new string('名', length)).Name.Length);
    }

    [Theory]
    [InlineData(Product.NameMaxLength + 1)]
    [InlineData(Product.NameMaxLength * 2)]
    public void A_name_longer_than_the_maximum_is_refused(int length)
    {
        var refused = Assert.Throws<DomainException>(() => NewProduct(name: new string('名', length)));

        Assert.Equal("product.name", refused.Code);
    }

    [Fact]
    public void The_maximum_name_length_is_counted_after_trimming()
    {
        var name = "  " + new string('a', Product.NameMaxLength) + "  ";

        Assert.Equal(Product.NameMaxLength, NewProduct(name: name).Name.Length);
    }

    [Theory]
    [MemberData(nameof(ValidPrices))]
    public void A_positive_price_with_at_most_two_decimals_up_to_the_maximum_is_accepted(decimal price)
    {
        Assert.Equal(price, NewProduct(price: price).Price);
    }

    [Theory]
    [MemberData(nameof(ZeroOrNegativePrices))]
    public void A_zero_or_negative_price_is_refused(decimal price)
    {
        var refused = Assert.Throws<DomainException>(() => NewProduct(price: price));

        Assert.Equal("product.price", refused.Code);
    }

    [Theory]
    [MemberData(nameof(PricesWithMoreThanTwoDecimals))]
    public void A_price_with_more_than_two_decimals_is_refused(decimal price)
    {
        var refused = Assert.Throws<DomainException>(() => NewProduct(price: price));

        Assert.Equal("product.price", refused.Code);
    }

    [Theory]
    [MemberData(nameof(PricesAboveTheMaximum))]
    public void A_price_above_the_maximum_amount_is_refused(decimal price)
    {
        var refused = Assert.Throws<DomainException>(() => NewProduct(price: price));

        Assert.Equal("product.price", refused.Code);
    }

    [Fact]
    public void Editing_changes_the_details_and_the_update_time()
    {
        var product = NewProduct();
        var later = Now.AddHours(2);

        product.Edit(" Linen shirt ", " breathable ", 129.5m, later);

        Assert.Equal("Linen shirt", product.Name);
        Assert.Equal("breathable", product.Description);
        Assert.Equal(129.5m, product.Price);
        Assert.Equal(later, product.UpdatedAt);
        Assert.Equal(Now, product.CreatedAt);
    }

    [Theory]
    [InlineData("", 10)]
    [InlineData("Linen shirt", 0)]
    [InlineData("Linen shirt", 10.001)]
    public void A_refused_edit_changes_nothing(string name, double price)
    {
        var product = NewProduct();

        Assert.Throws<DomainException>(() => product.Edit(name, "new", (decimal)price, Now.AddHours(1)));

        Assert.Equal("纯棉圆领T恤", product.Name);
        Assert.Equal("soft cotton", product.Description);
        Assert.Equal(79m, product.Price);
        Assert.Equal(Now, product.UpdatedAt);
    }

    [Fact]
    public void Listing_a_draft_puts_it_on_sale()
    {
        var product = NewProduct();
        var later = Now.AddHours(1);

        product.List(later);

        Assert.Equal(ProductStatus.Listed, product.Status);
        Assert.Equal(later, product.ListedAt);
        Assert.Equal(later, product.UpdatedAt);
    }

    [Fact]
    public void Listing_a_listed_product_is_refused()
    {
        var product = NewProduct();
        product.List(Now);

        var refused = Assert.Throws<DomainException>(() => product.List(Now.AddHours(1)));

        Assert.Equal("product.listed", refused.Code);
        Assert.Equal(ProductStatus.Listed, product.Status);
        Assert.Equal(Now, product.ListedAt);
    }

    [Fact]
    public void Delisting_a_listed_product_takes_it_off_the_shelf()
    {
        var product = NewProduct();
        product.List(Now);
        var later = Now.AddDays(1);

        product.Delist(later);

        Assert.Equal(ProductStatus.Delisted, product.Status);
        Assert.Equal(later, product.UpdatedAt);
    }

    [Fact]
    public void Delisting_a_draft_is_refused()
    {
        var product = NewProduct();

        var refused = Assert.Throws<DomainException>(() => product.Delist(Now.AddHours(1)));

        Assert.Equal("product.not-listed", refused.Code);
        Assert.Equal(ProductStatus.Draft, product.Status);
        Assert.Equal(Now, product.UpdatedAt);
    }

    [Fact]
    public void Delisting_a_delisted_product_is_refused()
    {
        var product = NewProduct();
        product.List(Now);
        product.Delist(Now.AddHours(1));

        var refused = Assert.Throws<DomainException>(() => product.Delist(Now.AddHours(2)));

        Assert.Equal("product.not-listed", refused.Code);
        Assert.Equal(ProductStatus.Delisted, product.Status);
    }

    [Fact]
    public void A_delisted_product_can_be_listed_again()
    {
        var product = NewProduct();
        product.List(Now);
        product.Delist(Now.AddHours(1));
        var relisted = Now.AddDays(2);

        product.List(relisted);

        Assert.Equal(ProductStatus.Listed, product.Status);
        Assert.Equal(relisted, product.ListedAt);
    }
}
