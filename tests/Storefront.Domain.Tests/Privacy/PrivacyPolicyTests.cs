using Storefront.Domain.Accounts;
using Storefront.Domain.Common;
using Storefront.Domain.Privacy;

namespace Storefront.Domain.Tests.Privacy;

public sealed class PrivacyPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Publishing_numbers_the_next_version()
    {
        var store = Guid.NewGuid();
        Assert.Equal(1, PrivacyPolicy.Publish(store, 0, " 我们收集… ", null, Now).Version);
        var second = PrivacyPolicy.Publish(store, 1, "我们收集…（修订）", Guid.NewGuid(), Now);
        Assert.Equal((2, "我们收集…（修订）"), (second.Version, second.Text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_policy_is_refused(string text) =>
        Assert.Equal("privacy.text", Assert.Throws<DomainException>(() => PrivacyPolicy.Publish(Guid.NewGuid(), 0, text, null, Now)).Code);

    [Fact]
    public void A_policy_over_its_length_is_refused() =>
        Assert.Throws<DomainException>(() => PrivacyPolicy.Publish(Guid.NewGuid(), 0, new string('字', PrivacyPolicy.TextMaxLength + 1), null, Now));

    [Theory]
    [InlineData(null, null, false)]   // the store has no policy: nothing to accept
    [InlineData(1, null, true)]
    [InlineData(2, 1, true)]          // a newer version
    [InlineData(2, 2, false)]
    public void A_shopper_must_accept_a_version_newer_than_the_one_accepted(int? current, int? accepted, bool must) =>
        Assert.Equal(must, PrivacyPolicy.MustAccept(current, accepted));

    [Fact]
    public void Consents_are_recorded_as_history_and_an_unchanged_marketing_choice_records_nothing()
    {
        var shopper = Shopper.Create(Guid.NewGuid(), "a@example.com", "", Now);
        var accepted = shopper.AcceptPrivacyPolicy(3, Now);
        Assert.Equal((ConsentKind.PrivacyPolicy, 3, true, shopper.Id), (accepted.Kind, accepted.PolicyVersion, accepted.Granted, accepted.ShopperId));
        Assert.Equal((3, Now), (shopper.PrivacyPolicyVersion, shopper.PrivacyAcceptedAt));

        Assert.Null(shopper.ChooseMarketing(false, Now));
        var optIn = shopper.ChooseMarketing(true, Now)!;
        Assert.Equal((ConsentKind.Marketing, true), (optIn.Kind, optIn.Granted));
        var withdrawn = shopper.ChooseMarketing(false, Now.AddDays(1))!;
        Assert.False(withdrawn.Granted);
        Assert.False(shopper.MarketingOptIn);
    }
}
