using FluentValidation;
using FluentValidation.Results;
using Storefront.Domain.Pricing;
using Storefront.Web.ComponentTests.Infrastructure;
using Storefront.Web.Features.Promotions.Admin;

namespace Storefront.Web.ComponentTests.Promotions.Admin;

/// <summary>
/// The 满减/满折 form's own logic: tiers added and removed, labels that follow the kind, times entered in Beijing
/// time, and where refusals show. The rules themselves are tested in OperatorsTests and the domain's pricing tests.
/// </summary>
public sealed class OrderPromotionsPageTests : AdminPageTest
{
    private readonly List<ListOrderPromotions.Row> _rows = [];

    public OrderPromotionsPageTests() => Mediator
        .On<ListPromotionTargets.Query, ListPromotionTargets.Targets>(_ => new([], [], []))
        .On<ListOrderPromotions.Query, IReadOnlyList<ListOrderPromotions.Row>>(_ => [.. _rows]);

    [Fact]
    public void A_new_promotion_starts_with_one_tier_and_takes_up_to_five_each_removable_while_more_than_one()
    {
        var page = Render<OrderPromotionsPage>();
        Assert.Single(page.FindAll(By("promotion-tier")));
        Assert.Empty(page.FindAll("[data-testid^='promotion-remove-tier-']"));

        for (var i = 0; i < 4; i++)
        {
            page.Find(By("promotion-add-tier")).Click();
        }

        Assert.Equal(5, page.FindAll(By("promotion-tier")).Count);
        Assert.Empty(page.FindAll(By("promotion-add-tier")));
        page.Find(By("promotion-remove-tier-1")).Click();
        Assert.Equal(4, page.FindAll(By("promotion-tier")).Count);
        Assert.Single(page.FindAll(By("promotion-add-tier")));
    }

    [Fact]
    public void Saving_sends_the_tiers_and_the_period_typed_in_beijing_time_then_offers_a_fresh_form()
    {
        Mediator.On<SaveOrderPromotion.Command, ListOrderPromotions.Row>(c =>
        {
            var row = Row(c.Name, c.Kind, c.Threshold, [.. c.Tiers.Select(t => new PromotionTier(t.Threshold, t.Value))]);
            _rows.Add(row);
            return row;
        });
        var page = Render<OrderPromotionsPage>();

        Type(page.Find(By("promotion-name")), "双十二满减");
        Type(page.Find(By("promotion-tier-threshold-0")), 100);
        Type(page.Find(By("promotion-tier-value-0")), 10);
        page.Find(By("promotion-add-tier")).Click();
        Type(page.Find(By("promotion-tier-threshold-1")), 200);
        Type(page.Find(By("promotion-tier-value-1")), 30);
        page.Find(By("promotion-starts")).Change("2026-12-12 00:00");
        page.Find(By("promotion-ends")).Change("2026-12-12 23:59");
        page.Find(By("promotion-form")).Submit();

        var sent = Assert.Single(Mediator.SentOf<SaveOrderPromotion.Command>());
        Assert.Equal("双十二满减", sent.Name);
        Assert.Equal([(100m, 10m), (200m, 30m)], sent.Tiers.Select(t => (t.Threshold, t.Value)));
        Assert.Equal(new DateTimeOffset(2026, 12, 11, 16, 0, 0, TimeSpan.Zero), sent.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 12, 15, 59, 0, TimeSpan.Zero), sent.EndsAt);

        Assert.Equal("已保存“双十二满减”。", page.Find(By("promotion-message")).TextContent);
        Assert.Equal("新建满减/满折", page.Find(By("promotion-form-title")).TextContent);
        Assert.Single(page.FindAll(By("promotion-tier")));
        Assert.Equal(["双十二满减"], page.FindAll(By("promotion-row-name")).Select(n => n.TextContent));
    }

    [Fact]
    public void Editing_a_rate_promotion_on_units_fills_the_form_and_labels_its_tiers_in_units_and_rates()
    {
        _rows.Add(Row("买三件九折", OrderPromotionKind.Rate, ThresholdKind.Quantity, [new(3, 0.9m), new(5, 0.8m)]));
        var page = Render<OrderPromotionsPage>();

        page.Find(By("promotion-edit")).Click();

        Assert.Equal("编辑满减/满折", page.Find(By("promotion-form-title")).TextContent);
        var tiers = page.FindAll(By("promotion-tier"));
        Assert.Equal(2, tiers.Count);
        Assert.All(tiers, t => Assert.Contains("满（件）", t.TextContent));
        Assert.All(tiers, t => Assert.Contains("折扣率", t.TextContent));
        Assert.DoesNotContain("满（元）", page.Find(By("promotion-tiers")).TextContent);
        Assert.Equal("买三件九折", page.Find(By("promotion-name")).GetAttribute("value"));
    }

    [Fact]
    public void A_refused_save_puts_each_message_beside_its_field_and_keeps_the_form()
    {
        Mediator.On<SaveOrderPromotion.Command, ListOrderPromotions.Row>(_ => throw new ValidationException(
        [
            new ValidationFailure("Tiers", "每一档的门槛须高于上一档"),
            new ValidationFailure("EndsAt", "结束时间须晚于开始时间"),
        ]));
        var page = Render<OrderPromotionsPage>();
        Type(page.Find(By("promotion-name")), "错的满减");

        page.Find(By("promotion-form")).Submit();

        Assert.Equal("请修正标出的字段", page.Find(By("promotion-error")).TextContent);
        Assert.Equal("每一档的门槛须高于上一档", page.Find(By("promotion-tiers-error")).TextContent);
        Assert.Equal("结束时间须晚于开始时间", page.Find(By("promotion-ends-error")).TextContent);
        Assert.Equal("错的满减", page.Find(By("promotion-name")).GetAttribute("value"));
        Assert.Empty(page.FindAll(By("promotion-message")));
    }

    private static ListOrderPromotions.Row Row(string name, OrderPromotionKind kind, ThresholdKind threshold, IReadOnlyList<PromotionTier> tiers) =>
        new(Guid.NewGuid(), name, kind, threshold, tiers, ScopeKind.Store, [], true, Now, Now.AddDays(7), true, "");
}
