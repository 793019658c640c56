using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Notifications;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// One batch of the outbox in the current store: claims messages due to be sent (<c>FOR UPDATE SKIP LOCKED</c>, so two
/// instances never send the same one at once), hands each to the <see cref="INotificationSender"/>, and marks it sent,
/// or failed with a later attempt (backing off 1, 2, 4 … minutes, at most an hour). A failure of one message does not
/// hold up the others. Delivery is at least once: a crash after sending and before commit sends again (the default
/// sender then overwrites the same file).
/// </summary>
public static class SendOutbox
{
    public const int BatchSize = 50;

    public sealed record Command : ICommand<Result>;

    public sealed record Result(int Claimed, int Sent, int Failed);

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, INotificationSender sender, TimeProvider clock, ILogger<Command> log)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var store = tenant.Store ?? throw new InvalidOperationException("The outbox is sent store by store.");
            var now = clock.GetUtcNow();
            var due = await db.Outbox.FromSql($"""
                select * from outbox_messages
                where tenant_id = {store.Id} and sent_at is null and next_attempt_at <= {now}
                order by next_attempt_at
                limit {BatchSize}
                for update skip locked
                """).ToListAsync(cancellationToken);

            var (sent, failed) = (0, 0);
            foreach (var message in due)
            {
                try
                {
                    await sender.SendAsync(store, message, cancellationToken);
                    message.MarkSent(clock.GetUtcNow());
                    sent++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Recorded on the message (and retried later), not thrown: the other messages still go.
                    message.MarkFailed(e.Message, clock.GetUtcNow());
                    failed++;
                    log.LogWarning(e, "Outbox message {MessageId} ({Kind}) failed on attempt {Attempts}; next attempt at {NextAttemptAt}",
                        message.Id, message.Kind, message.Attempts, message.NextAttemptAt);
                }
            }

            return new Result(due.Count, sent, failed);
        }
    }
}
