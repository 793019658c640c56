using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Tests.Infrastructure;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.AfterSales;

/// <summary>Reviews (评价) through the API and pages, against PostgreSQL: writing, the product page block, follow-up, reply, moderation, refusals.</summary>
public sealed class ReviewsTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Store = "demo";

    private static Task<HttpResponseMessage> ReviewAsync(HttpClient client, string number, Guid lineId, int stars, string? text = null, string[]? photos = null,
        bool anonymous = false) =>
        client.PostAsJsonAsync($"/api/v1/orders/{number}/reviews", new { lineId, stars, text, photos, anonymous });

    private static async Task<string> UploadAsync(HttpClient client)
    {
        var upload = await JsonAsync(await client.PostAsync("/api/v1/reviews/photos",
            new MultipartFormDataContent { { ReviewSeed.PngContent(), "file", "photo.png" } }));
        return upload.GetProperty("name").GetString()!;
    }

    private Task<long> ReviewCountAsync(string number) =>
        app.CountAsync(Store, $"from reviews r join orders o on o.tenant_id = r.tenant_id and o.id = r.order_id where o.number = '{number}'");

    [Fact]
    public async Task A_new_review_shows_on_the_cached_product_page_at_the_very_next_request()
    {
        var (slug, skus) = await app.ProductAsync(Store, "评价缓存", "A", "B");
        var guest = app.ClientFor(Store);
        var before = await guest.GetPageAsync($"/p/{slug}");
        Assert.Equal("(0)", before.QuerySelector("[data-testid=reviews-count]")!.TextContent.Trim());
        await guest.GetStringAsync($"/p/{slug}");   // now served from the output cache

        var number = await app.CompletedOrderAsync(Store, (skus["B"], 1));
        var line = (await app.LinesBySkuAsync(Store, number))[skus["B"]];
        var shopper = await app.ShopperAsync(Store);
        var photo = await UploadAsync(shopper);
        var written = await JsonAsync(await ReviewAsync(shopper, number, line, 4, "  面料很舒服  ", [photo], anonymous: true));
        Assert.Equal(slug, written.GetProperty("productSlug").GetString());

        var page = await guest.GetPageAsync($"/p/{slug}");
        Assert.Equal("(1)", page.QuerySelector("[data-testid=reviews-count]")!.TextContent.Trim());
        Assert.Equal("4.0", page.QuerySelector("[data-testid=reviews-average]")!.TextContent);
        var review = page.QuerySelector("[data-testid=review]")!;
        Assert.Equal("面料很舒服", review.QuerySelector("[data-testid=review-text]")!.TextContent);
        Assert.Equal("小*", review.QuerySelector("[data-testid=review-author]")!.TextContent);   // anonymous: masked
        Assert.Contains("款2", review.QuerySelector("[data-testid=review-sku]")!.TextContent);
        Assert.Equal("/media/" + photo, review.QuerySelector("[data-testid=review-photos] img")!.GetAttribute("src"));
        Assert.Equal("1", page.QuerySelector("[data-testid=reviews-stars-4] span")!.TextContent);

        var api = await JsonAsync(await guest.GetAsync($"/api/v1/catalog/products/{slug}/reviews"));
        Assert.Equal(1, api.GetProperty("count").GetInt32());
        Assert.Equal(4.0m, api.GetProperty("average").GetDecimal());
        Assert.Equal(1, api.GetProperty("withPhotos").GetInt32());
        Assert.Equal("款2", api.GetProperty("items")[0].GetProperty("specText").GetString());
    }

    [Fact]
    public async Task The_block_counts_by_stars_and_lists_reviews_with_photos_first()
    {
        var (slug, skus) = await app.ProductAsync(Store, "评价排序", "A", "B", "C");
        var number = await app.CompletedOrderAsync(Store, (skus["A"], 1), (skus["B"], 1), (skus["C"], 2));
        var lines = await app.LinesBySkuAsync(Store, number);
        var shopper = await app.ShopperAsync(Store);
        var photo = await UploadAsync(shopper);

        await JsonAsync(await ReviewAsync(shopper, number, lines[skus["A"]], 3, "有图的中评", [photo]));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await JsonAsync(await ReviewAsync(shopper, number, lines[skus["B"]], 5, "最新的好评"));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await JsonAsync(await ReviewAsync(shopper, number, lines[skus["C"]], 5, "又一条好评"));

        var api = await JsonAsync(await app.ClientFor(Store).GetAsync($"/api/v1/catalog/products/{slug}/reviews"));
        Assert.Equal(3, api.GetProperty("count").GetInt32());
        Assert.Equal(4.3m, api.GetProperty("average").GetDecimal());   // 13 / 3, one decimal
        var byStars = api.GetProperty("byStars");
        Assert.Equal([0, 0, 1, 0, 2], Enumerable.Range(1, 5).Select(s => byStars.GetProperty(s.ToString()).GetInt32()));
        Assert.Equal(["有图的中评", "又一条好评", "最新的好评"], api.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()));
        Assert.Equal("小明", api.GetProperty("items")[1].GetProperty("author").GetString());   // not anonymous: the shopper's name
    }

    [Fact]
    public async Task Bad_reviews_are_refused_with_clear_problems_and_nothing_is_stored()
    {
        var (_, skus) = await app.ProductAsync(Store, "评价拒绝", "A", "B");
        var shipped = await app.DispatchedOrderAsync(Store, (skus["A"], 1));
        var shippedLine = (await app.LinesBySkuAsync(Store, shipped))[skus["A"]];
        var number = await app.CompletedOrderAsync(Store, (skus["A"], 1), (skus["B"], 1));
        var lines = await app.LinesBySkuAsync(Store, number);
        var shopper = await app.ShopperAsync(Store);

        // Before the order completed.
        var early = await ProblemAsync(await ReviewAsync(shopper, shipped, shippedLine, 5, "太早了"), HttpStatusCode.Conflict);
        Assert.Equal("订单完成（确认收货）后才能评价。", early.GetProperty("title").GetString());

        // 0 or 6 stars.
        foreach (var stars in new[] { 0, 6 })
        {
            var bad = await ProblemAsync(await ReviewAsync(shopper, number, lines[skus["A"]], stars), HttpStatusCode.BadRequest);
            Assert.Equal("请选择 1–5 星。", bad.GetProperty("errors").GetProperty("stars")[0].GetString());
        }

        // A 7th photo.
        var photo = await UploadAsync(shopper);
        var seven = await ProblemAsync(await ReviewAsync(shopper, number, lines[skus["A"]], 5, "七张图", [.. Enumerable.Repeat(photo, 7)]),
            HttpStatusCode.BadRequest);
        Assert.Equal("最多上传 6 张图片。", seven.GetProperty("errors").GetProperty("photos")[0].GetString());
        var forged = await ProblemAsync(await ReviewAsync(shopper, number, lines[skus["A"]], 5, "假图", ["../../etc/passwd"]), HttpStatusCode.BadRequest);
        Assert.True(forged.GetProperty("errors").TryGetProperty("photos", out _));

        // A line of another order, an order that does not exist.
        var notInOrder = await ProblemAsync(await ReviewAsync(shopper, number, shippedLine, 5), HttpStatusCode.BadRequest);
        Assert.Equal("订单中没有这件商品。", notInOrder.GetProperty("title").GetString());
        await ProblemAsync(await ReviewAsync(shopper, "20990101000001", lines[skus["A"]], 5), HttpStatusCode.NotFound);

        // Someone else's order.
        var stranger = app.ClientFor(Store);
        var email = $"reviewer-{Guid.NewGuid():N}@example.com";
        Assert.Equal(HttpStatusCode.OK,
            (await stranger.PostAsJsonAsync("/api/v1/account/register", new { email, password = "storefront-demo", displayName = "路人" })).StatusCode);
        var notMine = await ProblemAsync(await ReviewAsync(stranger, number, lines[skus["A"]], 1, "差评"), HttpStatusCode.Conflict);
        Assert.Equal("只能评价自己的订单。", notMine.GetProperty("title").GetString());
        Assert.Equal(0, await ReviewCountAsync(number));

        // A second review of the same line.
        await JsonAsync(await ReviewAsync(shopper, number, lines[skus["A"]], 5, "第一次"));
        var again = await ProblemAsync(await ReviewAsync(shopper, number, lines[skus["A"]], 4, "第二次"), HttpStatusCode.Conflict);
        Assert.Equal("这件商品已经评价过了，可以追评。", again.GetProperty("title").GetString());
        Assert.Equal(1, await ReviewCountAsync(number));
        Assert.Equal(0, await ReviewCountAsync(shipped));

        // Not signed in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await ReviewAsync(app.ClientFor(Store), number, lines[skus["B"]], 5)).StatusCode);

        // The same through POST /api/v1/reviews, the order number in the body.
        await ProblemAsync(await shopper.PostAsJsonAsync("/api/v1/reviews", new { number, lineId = lines[skus["A"]], stars = 3 }), HttpStatusCode.Conflict);
        await JsonAsync(await shopper.PostAsJsonAsync("/api/v1/reviews", new { number, lineId = lines[skus["B"]], stars = 3 }));
        Assert.Equal(2, await ReviewCountAsync(number));
    }

    [Fact]
    public async Task Follow_up_and_merchant_reply_happen_once_each_and_show_on_the_product_page()
    {
        var (slug, skus) = await app.ProductAsync(Store, "评价追评", "A");
        var number = await app.CompletedOrderAsync(Store, (skus["A"], 1));
        var line = (await app.LinesBySkuAsync(Store, number))[skus["A"]];
        var shopper = await app.ShopperAsync(Store);
        var id = (await JsonAsync(await ReviewAsync(shopper, number, line, 5, "不错"))).GetProperty("id").GetGuid();

        app.Clock.Advance(TimeSpan.FromDays(10));
        shopper = await app.ShopperAsync(Store);   // signed in again: the cookie of ten days ago has expired
        var empty = await ProblemAsync(await shopper.PostAsJsonAsync($"/api/v1/reviews/{id}/follow-up", new { text = " " }), HttpStatusCode.BadRequest);
        Assert.True(empty.GetProperty("errors").TryGetProperty("text", out _));
        await JsonAsync(await shopper.PostAsJsonAsync($"/api/v1/reviews/{id}/follow-up", new { text = "用了十天，依然很好" }));
        var twice = await ProblemAsync(await shopper.PostAsJsonAsync($"/api/v1/reviews/{id}/follow-up", new { text = "再追一次" }), HttpStatusCode.Conflict);
        Assert.Equal("每条评价只能追评一次。", twice.GetProperty("title").GetString());

        var merchant = await app.StaffAsync(Store, "merchant@demo.local");
        // a shopper is no staff
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await shopper.PostAsJsonAsync($"/api/v1/admin/after-sales/reviews/{id}/reply", new { text = "谢谢" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await (await app.StaffAsync(Store, "operator@demo.local")).PostAsJsonAsync($"/api/v1/admin/after-sales/reviews/{id}/reply", new { text = "谢谢" }))
            .StatusCode);
        await ProblemAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/after-sales/reviews/{id}/reply", new { text = "" }), HttpStatusCode.BadRequest);
        await JsonAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/after-sales/reviews/{id}/reply", new { text = "感谢支持！" }));
        var again = await ProblemAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/after-sales/reviews/{id}/reply", new { text = "再次感谢" }),
            HttpStatusCode.Conflict);
        Assert.Equal("商家已回复过这条评价。", again.GetProperty("title").GetString());
        await ProblemAsync(await merchant.PostAsJsonAsync($"/api/v1/admin/after-sales/reviews/{Guid.NewGuid()}/reply", new { text = "谁？" }),
            HttpStatusCode.NotFound);

        var page = await app.ClientFor(Store).GetPageAsync($"/p/{slug}");
        Assert.Contains("用了十天，依然很好", page.QuerySelector("[data-testid=review-follow-up]")!.TextContent);
        Assert.Contains("感谢支持！", page.QuerySelector("[data-testid=review-reply]")!.TextContent);

        var list = await JsonAsync(await merchant.GetAsync("/api/v1/admin/after-sales/reviews?replied=true&product=" + Uri.EscapeDataString("评价追评")));
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal("小明", list.GetProperty("items")[0].GetProperty("shopper").GetString());
    }

    [Fact]
    public async Task Hiding_a_review_removes_it_from_the_product_page_and_tells_the_shopper()
    {
        var (slug, skus) = await app.ProductAsync(Store, "评价隐藏", "A", "B");
        var number = await app.CompletedOrderAsync(Store, (skus["A"], 1), (skus["B"], 1));
        var lines = await app.LinesBySkuAsync(Store, number);
        var shopper = await app.ShopperAsync(Store);
        var id = (await JsonAsync(await ReviewAsync(shopper, number, lines[skus["A"]], 1, "加我微信 abc123 返现"))).GetProperty("id").GetGuid();
        await JsonAsync(await ReviewAsync(shopper, number, lines[skus["B"]], 4, "还行"));
        var guest = app.ClientFor(Store);
        Assert.Equal("(2)", (await guest.GetPageAsync($"/p/{slug}")).QuerySelector("[data-testid=reviews-count]")!.TextContent.Trim());

        var service = await app.StaffAsync(Store, "merchant@demo.local");
        var noReason = await ProblemAsync(await service.PostAsJsonAsync($"/api/v1/admin/after-sales/reviews/{id}/hide", new { reason = "  " }),
            HttpStatusCode.BadRequest);
        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _));
        var hidden = await JsonAsync(await service.PostAsJsonAsync($"/api/v1/admin/after-sales/reviews/{id}/hide", new { reason = "含广告或联系方式" }));
        Assert.True(hidden.GetProperty("hidden").GetBoolean());
        await ProblemAsync(await service.PostAsJsonAsync($"/api/v1/admin/after-sales/reviews/{id}/hide", new { reason = "又一次" }), HttpStatusCode.Conflict);

        var page = await guest.GetPageAsync($"/p/{slug}");
        Assert.Equal("(1)", page.QuerySelector("[data-testid=reviews-count]")!.TextContent.Trim());
        Assert.DoesNotContain("abc123", page.QuerySelector("[data-testid=reviews]")!.TextContent);
        Assert.Equal("4.0", page.QuerySelector("[data-testid=reviews-average]")!.TextContent);

        // Told: an e-mail in the outbox, the notice no longer pending, and the reason on their review.
        Assert.Equal(1,
            await app.CountAsync(Store,
            $"from outbox_messages where kind = 'review.hidden' and \"to\" = 'shopper@demo.local' and body like '%含广告或联系方式%' and subject like '%{number}%'"));
        Assert.Equal(0, await app.CountAsync(Store, $"from reviews where id = '{id}' and hidden_notice_pending"));
        var mine = await JsonAsync(await shopper.GetAsync($"/api/v1/orders/{number}/reviews"));
        var review = mine.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("lineId").GetGuid() == lines[skus["A"]]).GetProperty("review");
        Assert.True(review.GetProperty("hidden").GetBoolean());
        Assert.Equal("含广告或联系方式", review.GetProperty("hiddenReason").GetString());
        var myPage = await shopper.GetPageAsync($"/orders/{number}/review");
        Assert.Contains("含广告或联系方式", myPage.QuerySelector("[data-testid=my-review-hidden]")!.TextContent);
    }

    [Fact]
    public async Task The_review_form_of_a_completed_order_posts_stars_text_and_photos()
    {
        var (slug, skus) = await app.ProductAsync(Store, "评价表单", "A");
        var number = await app.CompletedOrderAsync(Store, (skus["A"], 1));
        var shopper = await app.ShopperAsync(Store);
        var orderPage = await shopper.GetPageAsync($"/orders/{number}");
        Assert.Equal($"/orders/{number}/review", orderPage.QuerySelector("[data-testid=review-link]")!.GetAttribute("href"));

        var page = await shopper.GetPageAsync($"/orders/{number}/review");
        var form = (IHtmlFormElement)page.QuerySelector("[data-testid=review-form]")!;
        var content = new MultipartFormDataContent();
        foreach (var hidden in form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden"))
        {
            content.Add(new StringContent(hidden.Value), hidden.Name!);
        }

        content.Add(new StringContent("6"), "stars");
        content.Add(new StringContent("六星？"), "text");
        var refused = await shopper.PostAsync($"/orders/{number}/review", content);
        var refusedPage = Forms.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("请选择 1–5 星。", refusedPage.QuerySelector("[data-testid=review-error]")?.TextContent);
        Assert.Equal(0, await ReviewCountAsync(number));

        content = new MultipartFormDataContent();
        foreach (var hidden in form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden"))
        {
            content.Add(new StringContent(hidden.Value), hidden.Name!);
        }

        content.Add(new StringContent("5"), "stars");
        content.Add(new StringContent("表单提交的好评"), "text");
        content.Add(new StringContent("true"), "anonymous");
        content.Add(ReviewSeed.PngContent(), "photos", "a.png");
        content.Add(ReviewSeed.PngContent(), "photos", "b.png");
        var posted = await shopper.PostAsync($"/orders/{number}/review", content);
        Assert.True(posted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"{(int)posted.StatusCode}");

        var api = await JsonAsync(await app.ClientFor(Store).GetAsync($"/api/v1/catalog/products/{slug}/reviews"));
        var item = api.GetProperty("items")[0];
        Assert.Equal("表单提交的好评", item.GetProperty("text").GetString());
        Assert.Equal(2, item.GetProperty("photos").GetArrayLength());
        Assert.True(item.GetProperty("anonymous").GetBoolean());
        var mine = await shopper.GetPageAsync($"/orders/{number}/review");
        Assert.NotNull(mine.QuerySelector("[data-testid=my-review]"));
    }
}
