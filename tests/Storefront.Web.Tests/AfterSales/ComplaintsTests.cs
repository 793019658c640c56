using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Storefront.Web.Tests.Infrastructure;
using static Storefront.Web.Tests.Infrastructure.ApiAssert;

namespace Storefront.Web.Tests.AfterSales;

/// <summary>Complaints (投诉) against PostgreSQL: the shopper files and replies, customer service answers from a queue with an overdue flag, refusals.</summary>
public sealed class ComplaintsTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Store = "demo";

    private async Task<string> PaidOrderAsync()
    {
        var (_, skus) = await app.ProductAsync(Store, "投诉商品", "A");
        return await app.PlaceOrderAsync(Store, paid: true, (skus["A"], 1));
    }

    [Fact]
    public async Task A_reply_while_the_deadline_job_flags_the_complaint_waits_for_it_instead_of_failing()
    {
        var number = await PaidOrderAsync();
        var shopper = await app.ShopperAsync(Store);
        var id = (await JsonAsync(await shopper.PostAsJsonAsync("/api/v1/after-sales/complaints",
            new { orderNumber = number, kind = "Delay", text = "并发答复" + number }))).GetProperty("id").GetGuid();
        var service = await app.StaffAsync(Store, "merchant@demo.local");

        // The deadline job's claim, held open: the row is locked and its version moves on when the job commits.
        await using var job = new NpgsqlConnection(app.Database.AdminConnectionString);
        await job.OpenAsync();
        await using var claim = await job.BeginTransactionAsync();
        await using (var flag = new NpgsqlCommand(
            "update complaints set overdue_flagged_at = now(), version = version + 1 where id = @id", job, claim))
        {
            flag.Parameters.AddWithValue("id", id);
            Assert.Equal(1, await flag.ExecuteNonQueryAsync());
        }

        var reply = service.PostAsJsonAsync($"/api/v1/admin/after-sales/complaints/{id}/replies", new { text = "马上处理" });
        await using (var waiting = new NpgsqlCommand(
            "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'", job))
        {
            while ((long)(await waiting.ExecuteScalarAsync())! == 0 && !reply.IsCompleted)
            {
                await Task.Yield();
            }
        }

        await claim.CommitAsync();
        var answered = await JsonAsync(await reply);
        Assert.Equal("Answered", answered.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_complaint_goes_to_the_queue_turns_overdue_after_its_deadline_and_the_shopper_sees_every_reply()
    {
        var number = await PaidOrderAsync();
        var shopper = await app.ShopperAsync(Store);
        var filed = await shopper.PostAsJsonAsync("/api/v1/after-sales/complaints", new { orderNumber = number, kind = "Delay", text = "三天了还没发货" });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var complaint = await JsonAsync(filed);
        var id = complaint.GetProperty("id").GetGuid();
        Assert.Equal("Open", complaint.GetProperty("status").GetString());
        Assert.Equal(app.Clock.GetUtcNow().AddHours(24), complaint.GetProperty("answerDueAt").GetDateTimeOffset());
        Assert.False(complaint.GetProperty("overdue").GetBoolean());

        var service = await app.StaffAsync(Store, "merchant@demo.local");
        var queue = await JsonAsync(await service.GetAsync("/api/v1/admin/after-sales/complaints?status=Open"));
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id && !c.GetProperty("overdue").GetBoolean());

        app.Clock.Advance(TimeSpan.FromHours(25));
        service = await app.StaffAsync(Store, "merchant@demo.local");
        shopper = await app.ShopperAsync(Store);
        var overdue = await JsonAsync(await service.GetAsync("/api/v1/admin/after-sales/complaints?overdue=true"));
        Assert.Contains(overdue.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id && c.GetProperty("overdue").GetBoolean());
        Assert.True(overdue.GetProperty("overdueCount").GetInt32() >= 1);

        var answered = await JsonAsync(await service.PostAsJsonAsync($"/api/v1/admin/after-sales/complaints/{id}/replies", new { text = "已催仓库，今天发出" }));
        Assert.Equal("Answered", answered.GetProperty("status").GetString());
        Assert.False(answered.GetProperty("overdue").GetBoolean());
        Assert.Equal(1, await app.CountAsync(Store, $"from outbox_messages where kind = 'complaint.replied' and subject like '%{number}%'"));
        await JsonAsync(await shopper.PostAsJsonAsync($"/api/v1/after-sales/complaints/{id}/replies", new { text = "好的，谢谢" }));

        var mine = await JsonAsync(await shopper.GetAsync($"/api/v1/after-sales/complaints/{id}"));
        Assert.Equal(["Staff", "Shopper"], mine.GetProperty("replies").EnumerateArray().Select(r => r.GetProperty("authorKind").GetString()));
        Assert.Equal("已催仓库，今天发出", mine.GetProperty("replies")[0].GetProperty("text").GetString());
        var list = await JsonAsync(await shopper.GetAsync("/api/v1/after-sales/complaints"));
        Assert.Contains(list.EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);

        var page = await shopper.GetPageAsync($"/complaints/{id}");
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=complaint-reply]").Length);
        Assert.NotNull(page.QuerySelector("[data-testid=complaint-due]"));

        await JsonAsync(await service.PostAsJsonAsync($"/api/v1/admin/after-sales/complaints/{id}/close", new { reason = "已发货" }));
        var closed = await ProblemAsync(await shopper.PostAsJsonAsync($"/api/v1/after-sales/complaints/{id}/replies", new { text = "还有问题" }),
            HttpStatusCode.Conflict);
        Assert.Equal("投诉已关闭，不能再回复。", closed.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Bad_complaints_are_refused_with_clear_problems_and_nothing_is_stored()
    {
        var number = await PaidOrderAsync();
        var (_, skus) = await app.ProductAsync(Store, "投诉未付", "A");
        var unpaid = await app.PlaceOrderAsync(Store, paid: false, (skus["A"], 1));
        var shopper = await app.ShopperAsync(Store);

        var noKind = await ProblemAsync(await shopper.PostAsJsonAsync("/api/v1/after-sales/complaints", new { orderNumber = number, text = "没选类型" }),
            HttpStatusCode.BadRequest);
        Assert.Equal("请选择投诉类型。", noKind.GetProperty("errors").GetProperty("kind")[0].GetString());
        var noText = await ProblemAsync(await shopper.PostAsJsonAsync("/api/v1/after-sales/complaints",
            new { orderNumber = number, kind = "Quality", text = " " }), HttpStatusCode.BadRequest);
        Assert.True(noText.GetProperty("errors").TryGetProperty("text", out _));
        await ProblemAsync(await shopper.PostAsJsonAsync("/api/v1/after-sales/complaints",
            new { orderNumber = number, kind = "Quality", text = new string('长', 501) }), HttpStatusCode.BadRequest);
        var early = await ProblemAsync(await shopper.PostAsJsonAsync("/api/v1/after-sales/complaints",
            new { orderNumber = unpaid, kind = "Service", text = "还没付款" }), HttpStatusCode.Conflict);
        Assert.Equal("订单付款后才能投诉。", early.GetProperty("title").GetString());

        var stranger = app.ClientFor(Store);
        var email = $"complainer-{Guid.NewGuid():N}@example.com";
        Assert.Equal(HttpStatusCode.OK,
            (await stranger.PostAsJsonAsync("/api/v1/account/register", new { email, password = "storefront-demo", displayName = "路人" })).StatusCode);
        await ProblemAsync(await stranger.PostAsJsonAsync("/api/v1/after-sales/complaints", new { orderNumber = number, kind = "Quality", text = "别人的订单" }),
            HttpStatusCode.NotFound);
        Assert.Equal(0, await app.CountAsync(Store, $"from complaints where order_number in ('{number}', '{unpaid}')"));

        // Someone else's complaint is not found for a stranger; operators (no customer service role) cannot see the queue.
        var id = (await JsonAsync(await shopper.PostAsJsonAsync("/api/v1/after-sales/complaints",
            new { orderNumber = number, kind = "Quality", text = "线头很多" }))).GetProperty("id").GetGuid();
        await ProblemAsync(await stranger.GetAsync($"/api/v1/after-sales/complaints/{id}"), HttpStatusCode.NotFound);
        await ProblemAsync(await stranger.PostAsJsonAsync($"/api/v1/after-sales/complaints/{id}/replies", new { text = "插一句" }), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await (await app.StaffAsync(Store, "operator@demo.local")).GetAsync("/api/v1/admin/after-sales/complaints")).StatusCode);
        Assert.Equal(1, await app.CountAsync(Store, $"from complaints where order_number = '{number}' and jsonb_array_length(replies) = 0"));
    }

    [Fact]
    public async Task The_shopper_files_a_complaint_from_the_order_page_form()
    {
        var number = await PaidOrderAsync();
        var shopper = await app.ShopperAsync(Store);
        var order = await shopper.GetPageAsync($"/orders/{number}");
        Assert.Equal($"/complaints/new?order={number}", order.QuerySelector("[data-testid=complaint-link]")!.GetAttribute("href"));

        var refused = await shopper.SubmitAsync($"/complaints/new?order={number}", "[data-testid=complaint-form]",
            new Dictionary<string, string> { ["Input.OrderNumber"] = number, ["Input.Kind"] = "PromotionNotApplied", ["Input.Text"] = "" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("内容不能为空", await refused.Content.ReadAsStringAsync());

        var filed = await shopper.SubmitAsync($"/complaints/new?order={number}", "[data-testid=complaint-form]",
            new Dictionary<string, string> { ["Input.OrderNumber"] = number, ["Input.Kind"] = "PromotionNotApplied", ["Input.Text"] = "满减没有生效" });
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        var page = await shopper.GetPageAsync(filed.Headers.Location!.ToString());
        Assert.Equal("满减没有生效", page.QuerySelector("[data-testid=complaint-text]")!.TextContent);
        Assert.Equal("优惠未生效", page.QuerySelector("[data-testid=complaint-kind]")!.TextContent);
    }

    [Fact]
    public async Task The_admin_queue_and_review_pages_show_the_overdue_flag_and_the_reviews()
    {
        var number = await PaidOrderAsync();
        var shopper = await app.ShopperAsync(Store);
        await JsonAsync(await shopper.PostAsJsonAsync("/api/v1/after-sales/complaints",
            new { orderNumber = number, kind = "Service", text = "客服不回消息" + number }));
        app.Clock.Advance(TimeSpan.FromHours(30));
        var service = await app.StaffAsync(Store, "merchant@demo.local");

        var queue = await service.GetPageAsync("/admin/complaints");
        var row = queue.QuerySelectorAll("[data-testid=complaint-grid] tr").Single(tr => tr.TextContent.Contains("客服不回消息" + number));
        Assert.NotNull(row.QuerySelector("[data-testid=complaint-row-overdue]"));
        Assert.Equal(HttpStatusCode.OK, (await service.GetAsync("/admin/reviews")).StatusCode);
    }
}
