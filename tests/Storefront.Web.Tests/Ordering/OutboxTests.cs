using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Domain.Notifications;
using Storefront.Web.Features.Ordering;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Ordering;

/// <summary>The outbox job writes each due message once as an RFC 5322 .eml file, and backs off from ones it cannot send.</summary>
public sealed partial class OutboxTests(StorefrontApp app) : IClassFixture<StorefrontApp>
{
    private const string Store = "demo";

    private OutboxJob Job => app.Services.GetRequiredService<OutboxJob>();

    private Task<OutboxMessage> AddAsync(string to, string subject, string body) => app.InStoreAsync(Store, async db =>
    {
        var message = OutboxMessage.Create(db.TenantId!.Value, "order.shipped", to, subject, body, app.Clock.GetUtcNow());
        db.Outbox.Add(message);
        await db.SaveChangesAsync();
        return message;
    });

    private Task<OutboxMessage> ReloadAsync(Guid id) => app.InStoreAsync(Store, db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id));

    private string EmlOf(Guid id) => Path.Combine(app.MailPath, id.ToString("N") + ".eml");

    [Fact]
    public async Task A_due_message_is_written_once_as_an_eml_file_with_an_encoded_subject_and_marked_sent()
    {
        var subject = "订单 20261123000001 已发货：顺丰速运运单号 SF1234567890，请注意查收您的包裹";
        var message = await AddAsync("shopper@demo.local", subject, "您的订单已发货。\n运单号 SF1234567890。");

        await Job.RunOnceAsync();

        var sent = await ReloadAsync(message.Id);
        Assert.NotNull(sent.SentAt);
        Assert.Equal(1, sent.Attempts);
        var eml = await File.ReadAllTextAsync(EmlOf(message.Id));
        var (headers, body) = (eml[..eml.IndexOf("\r\n\r\n", StringComparison.Ordinal)], eml[(eml.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        Assert.Contains("To: shopper@demo.local\r\n", headers);
        Assert.Contains("MIME-Version: 1.0\r\n", headers);
        Assert.Contains("Content-Type: text/plain; charset=utf-8\r\n", headers);
        Assert.Matches(@"Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000", headers);
        Assert.Matches(@"Message-ID: <[0-9a-f]{32}@demo\.storefront\.local>", headers);
        Assert.All(headers.Split("\r\n"), line => Assert.True(line.Length <= 78 && line.All(c => c < 128), line));

        var subjectHeader = Regex.Match(headers, @"^Subject: ([^\r\n]*(?:\r\n [^\r\n]*)*)", RegexOptions.Multiline).Groups[1].Value;
        var words = EncodedWord().Matches(subjectHeader);
        Assert.True(words.Count > 1);   // long subject: several encoded words, folded
        Assert.Equal(subject, string.Concat(words.Select(w => Encoding.UTF8.GetString(Convert.FromBase64String(w.Groups[1].Value)))));
        Assert.Equal("您的订单已发货。\r\n运单号 SF1234567890。", Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\r\n", ""))));

        File.Delete(EmlOf(message.Id));
        await Job.RunOnceAsync();
        Assert.False(File.Exists(EmlOf(message.Id)));   // sent once: not again
    }

    [Fact]
    public async Task A_message_that_cannot_be_sent_is_marked_failed_and_retried_later_with_backoff()
    {
        var message = await AddAsync("not-an-address", "订单已发货", "正文");

        await Job.RunOnceAsync();
        var failed = await ReloadAsync(message.Id);
        Assert.Null(failed.SentAt);
        Assert.Equal(1, failed.Attempts);
        Assert.False(string.IsNullOrEmpty(failed.LastError));
        Assert.Equal(app.Clock.GetUtcNow() + TimeSpan.FromMinutes(1), failed.NextAttemptAt);
        Assert.False(File.Exists(EmlOf(message.Id)));

        await Job.RunOnceAsync();
        Assert.Equal(1, (await ReloadAsync(message.Id)).Attempts);   // not due yet

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await Job.RunOnceAsync();
        var again = await ReloadAsync(message.Id);
        Assert.True(again.Attempts >= 2);
        Assert.True(again.NextAttemptAt >= app.Clock.GetUtcNow() + TimeSpan.FromMinutes(2));
    }

    [GeneratedRegex(@"=\?utf-8\?B\?([A-Za-z0-9+/=]+)\?=")]
    private static partial Regex EncodedWord();
}
