using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Features.Ordering;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.CrossCutting.Scaling;

/// <summary>
/// Two app nodes over one database, as behind a load balancer (docs/decisions/0043-stateless-nodes-and-pgbouncer.md):
/// what one node issues or changes, the other honours or shows.
/// </summary>
public sealed class TwoNodesTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    [Fact]
    public async Task A_shopper_signed_in_through_one_node_is_signed_in_on_the_other()
    {
        var signIn = await Raw(nodes.A).PostAsJsonAsync("/api/v1/account/login", new { email = "shopper@demo.local", password = "storefront-demo" });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);

        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/account/me");
        me.Headers.Add("Cookie", Cookies(signIn));
        var answer = await Raw(nodes.B).SendAsync(me);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("demo", await answer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Raw(nodes.B).GetAsync("/api/v1/account/me")).StatusCode);   // not without the cookie

        // The key that protected the cookie is in PostgreSQL, where every node reads it (not in a folder of one machine).
        Assert.True(await OwnerScalarAsync<long>("select count(*) from data_protection_keys") >= 1);
    }

    [Fact]
    public async Task A_form_served_by_one_node_is_accepted_by_the_other()
    {
        var page = await Raw(nodes.A).GetAsync("/account/login");
        var form = Forms.Parse(await page.Content.ReadAsStringAsync()).QuerySelectorAll("form").OfType<IHtmlFormElement>()
            .First(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase));
        var fields = form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name))
            .ToDictionary(i => i.Name!, i => i.Value);
        Assert.Contains(fields.Keys, k => k.Contains("RequestVerificationToken", StringComparison.Ordinal));
        fields["Input.Email"] = "shopper@demo.local";
        fields["Input.Password"] = "storefront-demo";

        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login") { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", Cookies(page));   // the antiforgery cookie node A set
        var answer = await Raw(nodes.B).SendAsync(post);

        Assert.True(answer.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found,
            $"node B answered {(int)answer.StatusCode} to node A's form");
        Assert.Contains(answer.Headers.GetValues("Set-Cookie"), c => c.StartsWith(Storefront.Web.Infrastructure.Identity.StoreClaims.ShopperCookie,
            StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_price_changed_through_one_node_is_shown_by_the_other()
    {
        var slug = "node-" + Guid.NewGuid().ToString("N")[..8];
        var created = await nodes.A.ProductAsync("demo", "双节点杯", 50m, stock: 5, slug: slug);
        var code = await nodes.A.InStoreAsync("demo", db => db.Skus.Where(s => s.ProductId == created.ProductId).Select(s => s.Code).SingleAsync());
        Assert.Contains("50.00", await nodes.B.ClientFor("demo").GetStringAsync($"/p/{slug}"));   // now in node B's page cache

        await nodes.A.SendAsync("demo", new UpdateProduct.Command
        {
            Id = created.ProductId,
            Name = "双节点杯",
            Slug = slug,
            Skus = [new CreateProduct.SkuInput { Code = code, Price = 123.45m, Stock = 5 }],
        });

        // Node A's commit NOTIFYs; node B's listener evicts its copy. The next page node B serves after that shows the price.
        var until = DateTime.UtcNow.AddSeconds(30);
        string shown;
        do
        {
            shown = await nodes.B.ClientFor("demo").GetStringAsync($"/p/{slug}");
        }
        while (!shown.Contains("123.45", StringComparison.Ordinal) && DateTime.UtcNow < until && await Pause());

        Assert.Contains("123.45", shown);
    }

    [Fact]
    public async Task Two_nodes_sending_the_outbox_at_once_send_each_message_once()
    {
        const int messages = 120;
        var demo = await nodes.A.StoreIdAsync("demo");
        var ids = Enumerable.Range(0, messages).Select(_ => Guid.NewGuid()).ToList();
        await OwnerExecAsync($"""
            insert into outbox_messages (tenant_id, id, kind, "to", subject, body, created_at, next_attempt_at, attempts)
            select '{demo}', id, 'test.two-nodes', 'two-nodes@example.com', 'two nodes', 'body', now(), '2000-01-01', 0
            from unnest(array['{string.Join("','", ids)}']::uuid[]) as id
            """);

        // Both nodes claim batches at the same time until nothing is due (FOR UPDATE SKIP LOCKED keeps their batches apart).
        var sent = new List<int>();
        while (true)
        {
            var round = await Task.WhenAll(nodes.A.SendAsync("demo", new SendOutbox.Command()), nodes.B.SendAsync("demo", new SendOutbox.Command()));
            sent.AddRange(round.Select(r => r.Sent));
            if (round.All(r => r.Claimed == 0))
            {
                break;
            }
        }

        Assert.Equal(messages, sent.Sum());
        var ours = nodes.A.MailFiles().Concat(nodes.B.MailFiles()).Select(Path.GetFileName)
            .Where(f => ids.Any(id => f!.Contains(id.ToString("N"), StringComparison.Ordinal))).ToList();
        Assert.Equal(messages, ours.Count);              // written once, by one node or the other
        Assert.Equal(messages, ours.Distinct().Count());
        Assert.Equal(0L, await OwnerScalarAsync<long>("select count(*) from outbox_messages where kind = 'test.two-nodes' and sent_at is null"));
    }

    private static HttpClient Raw(StorefrontApp node) =>
        node.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("http://demo.localhost"),
            AllowAutoRedirect = false,
            HandleCookies = false,
        });

    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var set) ? set.Select(c => c.Split(';')[0]) : []);

    private static async Task<bool> Pause()
    {
        await Task.Delay(100);   // polling until node B has heard the change
        return true;
    }

    private async Task OwnerExecAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(nodes.A.Database.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<T> OwnerScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(nodes.A.Database.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}

/// <summary>Node A, the usual test app over its own database, and node B, a second instance of the same deployment over it.</summary>
public sealed class TwoNodes : IAsyncLifetime
{
    public StorefrontApp A { get; } = new();

    public SecondNode B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await A.InitializeAsync();
        B = new SecondNode(A);
        await B.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }

    /// <summary>An app over another app's database: its own caches, jobs, media and mail folders, clock and listener.</summary>
    public sealed class SecondNode(StorefrontApp first) : StorefrontApp
    {
        protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(first.Database);
    }
}

internal static class NodeMail
{
    /// <summary>The .eml files this node's outbox wrote (named by message id).</summary>
    public static IEnumerable<string> MailFiles(this StorefrontApp node) =>
        Directory.Exists(node.MailPath) ? Directory.EnumerateFiles(node.MailPath, "*.eml", SearchOption.AllDirectories) : [];
}
