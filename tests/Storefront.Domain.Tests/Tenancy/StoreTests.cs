using Storefront.Domain.Common;
using Storefront.Domain.Tenancy;

namespace Storefront.Domain.Tests.Tenancy;

public sealed class StoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static Store NewStore(string slug = "demo") => Store.Create(slug, "Demo 店", "zh-CN", "cny", Now);

    [Fact]
    public void A_new_store_is_open_with_the_given_details()
    {
        var store = NewStore();

        Assert.Equal("demo", store.Slug);
        Assert.Equal("Demo 店", store.Name);
        Assert.Equal(StoreStatus.Active, store.Status);
        Assert.True(store.IsOpen);
        Assert.Equal("zh-CN", store.DefaultLanguage);
        Assert.Equal(Now, store.CreatedAt);
        Assert.NotEqual(Guid.Empty, store.Id);
        Assert.Null(store.SuspendedAt);
        Assert.Null(store.SuspensionReason);
        Assert.Empty(store.CustomDomains);
    }

    [Fact]
    public void The_currency_is_upper_cased()
    {
        Assert.Equal("CNY", NewStore().Currency);
    }

    [Theory]
    [InlineData("Demo", "demo")]
    [InlineData("ACME-Shop", "acme-shop")]
    [InlineData("  demo  ", "demo")]
    [InlineData(" Tea-House-42\t", "tea-house-42")]
    public void The_slug_is_trimmed_and_lower_cased(string given, string stored)
    {
        Assert.Equal(stored, NewStore(given).Slug);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("a1")]
    [InlineData("42")]
    [InlineData("tea-house")]
    [InlineData("a-b-c")]
    [InlineData("a--b")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abcd")]
    public void A_slug_of_lower_case_letters_digits_and_inner_hyphens_is_valid(string slug)
    {
        Assert.True(Store.IsValidSlug(slug));
        Assert.Equal(slug, NewStore(slug).Slug);
    }

    [Theory]
    [InlineData("www")]
    [InlineData("admin")]
    [InlineData("platform")]
    [InlineData("api")]
    public void A_reserved_slug_is_refused(string slug)
    {
        Assert.False(Store.IsValidSlug(slug));
        var refused = Assert.Throws<DomainException>(() => NewStore(slug));
        Assert.Equal("store.slug", refused.Code);
    }

    [Theory]
    [InlineData("WWW")]
    [InlineData("Admin")]
    [InlineData(" Platform ")]
    [InlineData("API")]
    public void A_reserved_slug_in_upper_case_is_refused_after_normalising(string slug)
    {
        var refused = Assert.Throws<DomainException>(() => NewStore(slug));
        Assert.Equal("store.slug", refused.Code);
    }

    [Theory]
    [InlineData("www2")]
    [InlineData("my-admin")]
    [InlineData("apis")]
    public void A_slug_that_only_contains_a_reserved_word_is_valid(string slug)
    {
        Assert.True(Store.IsValidSlug(slug));
    }

    [Theory]
    [InlineData("tea_house")]
    [InlineData("tea house")]
    [InlineData("tea.house")]
    [InlineData("tea/house")]
    [InlineData("tea@house")]
    [InlineData("茶馆")]
    [InlineData("café")]
    [InlineData("-tea")]
    [InlineData("tea-")]
    [InlineData("-")]
    public void A_slug_with_invalid_characters_or_edge_hyphens_is_refused(string slug)
    {
        Assert.False(Store.IsValidSlug(slug));
        var refused = Assert.Throws<DomainException>(() => NewStore(slug));
        Assert.Equal("store.slug", refused.Code);
    }

    [Theory]
    [InlineData("Tea")]
    [InlineData("DEMO")]
    [InlineData("ab\n")]
    public void IsValidSlug_expects_an_already_lower_cased_slug(string slug)
    {
        Assert.False(Store.IsValidSlug(slug));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(41)]
    [InlineData(64)]
    public void A_slug_shorter_than_2_or_longer_than_40_characters_is_refused(int length)
    {
        var slug = new string('a', length);

        Assert.False(Store.IsValidSlug(slug));
        var refused = Assert.Throws<DomainException>(() => NewStore(slug));
        Assert.Equal("store.slug", refused.Code);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(40)]
    public void A_slug_of_2_to_40_characters_is_accepted(int length)
    {
        Assert.Equal(length, NewStore(new string('a', length)).Slug.Length);
    }

    [Fact]
    public void A_blank_slug_is_refused()
    {
        Assert.Throws<DomainException>(() => NewStore("   "));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public void A_supported_default_language_is_accepted(string language)
    {
        Assert.Equal(language, Store.Create("demo", "Demo", language, "CNY", Now).DefaultLanguage);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("zh-cn")]
    [InlineData("")]
    public void An_unsupported_default_language_is_refused(string language)
    {
        var refused = Assert.Throws<DomainException>(() => Store.Create("demo", "Demo", language, "CNY", Now));
        Assert.Equal("store.language", refused.Code);
    }

    [Fact]
    public void Suspending_an_open_store_closes_it_and_records_when_and_why()
    {
        var store = NewStore();
        var later = Now.AddDays(3);

        store.Suspend("unpaid invoice", later);

        Assert.Equal(StoreStatus.Suspended, store.Status);
        Assert.False(store.IsOpen);
        Assert.Equal(later, store.SuspendedAt);
        Assert.Equal("unpaid invoice", store.SuspensionReason);
    }

    [Fact]
    public void Suspending_a_suspended_store_is_refused_and_keeps_the_first_suspension()
    {
        var store = NewStore();
        store.Suspend("first", Now);

        var refused = Assert.Throws<DomainException>(() => store.Suspend("second", Now.AddHours(1)));

        Assert.Equal("store.suspended", refused.Code);
        Assert.Equal(Now, store.SuspendedAt);
        Assert.Equal("first", store.SuspensionReason);
    }

    [Fact]
    public void Reactivating_a_suspended_store_opens_it_and_clears_the_suspension()
    {
        var store = NewStore();
        store.Suspend("unpaid invoice", Now);

        store.Reactivate();

        Assert.Equal(StoreStatus.Active, store.Status);
        Assert.True(store.IsOpen);
        Assert.Null(store.SuspendedAt);
        Assert.Null(store.SuspensionReason);
    }

    [Fact]
    public void Reactivating_an_open_store_is_refused()
    {
        var store = NewStore();

        var refused = Assert.Throws<DomainException>(store.Reactivate);

        Assert.Equal("store.active", refused.Code);
        Assert.Equal(StoreStatus.Active, store.Status);
    }

    [Fact]
    public void A_store_can_be_suspended_again_after_reactivation()
    {
        var store = NewStore();
        store.Suspend("first", Now);
        store.Reactivate();

        store.Suspend("second", Now.AddDays(1));

        Assert.Equal(StoreStatus.Suspended, store.Status);
        Assert.Equal("second", store.SuspensionReason);
    }

    [Theory]
    [InlineData("shop.example.com", "shop.example.com")]
    [InlineData("shop.com.", "shop.com")]
    [InlineData("店铺.cn", "xn--hxtq42j.cn")]
    [InlineData("Shop.Example.COM", "shop.example.com")]
    [InlineData("  tea-house.cn ", "tea-house.cn")]
    [InlineData("a.b", "a.b")]
    public void A_custom_domain_is_stored_trimmed_and_lower_cased(string host, string stored)
    {
        var store = NewStore();

        store.AddCustomDomain(host);

        Assert.Equal([stored], store.CustomDomains);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("localhost")]
    [InlineData("shop")]
    [InlineData("192.168.1.1")]
    [InlineData("::1")]
    [InlineData("bad domain.com")]
    [InlineData("shop..com")]
    [InlineData(".shop.com")]
    [InlineData("-shop.com")]
    [InlineData("https://shop.example.com")]
    [InlineData("shop.example.com/path")]
    [InlineData("shop.example.com:8080")]
    [InlineData("my_shop.com")]
    [InlineData("shop-.com")]
    public void An_invalid_custom_domain_is_refused(string host)
    {
        var store = NewStore();

        var refused = Assert.Throws<DomainException>(() => store.AddCustomDomain(host));

        Assert.Equal("store.domain", refused.Code);
        Assert.Empty(store.CustomDomains);
    }

    [Fact]
    public void Adding_a_custom_domain_twice_keeps_one_entry()
    {
        var store = NewStore();

        store.AddCustomDomain("shop.example.com");
        store.AddCustomDomain("SHOP.example.com ");

        Assert.Equal(["shop.example.com"], store.CustomDomains);
    }

    [Fact]
    public void A_store_can_have_several_custom_domains()
    {
        var store = NewStore();

        store.AddCustomDomain("shop.example.com");
        store.AddCustomDomain("www.example.cn");

        Assert.Equal(["shop.example.com", "www.example.cn"], store.CustomDomains);
    }
}
