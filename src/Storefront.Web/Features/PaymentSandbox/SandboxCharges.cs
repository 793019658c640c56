using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Payments;

namespace Storefront.Web.Features.PaymentSandbox;

/// <summary>
/// The sandbox gateway's own records (table sandbox_charges, migration 0012), read and written with plain SQL: they are
/// the gateway's side, not the store's model. Every statement runs in the current store (row-level security).
/// </summary>
public static class SandboxCharges
{
    public static Task OpenAsync(StorefrontDb db, GatewayPayment payment, Uri notifyUrl, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            insert into sandbox_charges (tenant_id, payment_id, order_number, amount, return_url, notify_url, status, created_at)
            values ({payment.TenantId}, {payment.PaymentId}, {payment.OrderNumber}, {payment.Amount}, {payment.ReturnUrl.ToString()},
                    {notifyUrl.ToString()}, 'Open', {now})
            on conflict do nothing
            """, ct);

    public static async Task<SandboxCharge?> FindAsync(StorefrontDb db, Guid paymentId, CancellationToken ct) =>
        (await db.Database.SqlQuery<SandboxCharge>($"""
            select payment_id as "PaymentId", order_number as "OrderNumber", amount as "Amount", return_url as "ReturnUrl",
                   notify_url as "NotifyUrl", status as "Status", reference as "Reference", decided_at as "DecidedAt",
                   callback_attempts as "CallbackAttempts", callback_delivered_at as "CallbackDeliveredAt"
            from sandbox_charges where payment_id = {paymentId}
            """).ToListAsync(ct)).SingleOrDefault();

    /// <summary>
    /// The shopper's choice on the hosted page: records the outcome and enqueues the signed callback, due at once. Only
    /// an open charge can be decided (one conditional UPDATE, so a double click decides once); false otherwise.
    /// </summary>
    public static async Task<bool> DecideAsync(StorefrontDb db, SandboxCharge charge, bool succeeded, string secret, DateTimeOffset now, CancellationToken ct)
    {
        var reference = $"sbx_{Guid.CreateVersion7(now):N}";
        var body = CallbackBody(charge, succeeded, reference, now);
        var rows = await db.Database.ExecuteSqlAsync($"""
            update sandbox_charges
            set status = {(succeeded ? "Succeeded" : "Failed")}, reference = {reference}, decided_at = {now},
                callback_body = {body}, callback_signature = {Sign(secret, Encoding.UTF8.GetBytes(body))}, callback_next_at = {now}
            where payment_id = {charge.PaymentId} and status = 'Open'
            """, ct);
        return rows == 1;
    }

    /// <summary>The JSON the gateway posts: what happened to which payment, for how much, under which reference.</summary>
    public static string CallbackBody(SandboxCharge charge, bool succeeded, string reference, DateTimeOffset at) =>
        JsonSerializer.Serialize(new SandboxCallback(charge.PaymentId, charge.OrderNumber, charge.Amount, succeeded ? "succeeded" : "failed", reference, at),
            SandboxCallback.Json);

    /// <summary>Lower-case hex HMAC-SHA256 of <paramref name="body"/> keyed with the store's secret (its UTF-8 bytes).</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>True when <paramref name="signature"/> is the body's signature (compared in constant time).</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? signature)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrWhiteSpace(signature) || signature.Trim().Length != 64)
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signature.Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body), given);
    }

    /// <summary>
    /// Claims callbacks that are due (all of them, or the one of <paramref name="paymentId"/>) for one delivery attempt:
    /// counts the attempt and pushes the next one out by <paramref name="lease"/>, in one statement with SKIP LOCKED, so
    /// several instances never post the same callback at once, and a process that dies mid-attempt leaves the callback
    /// to be tried again when the lease runs out.
    /// </summary>
    public static Task<List<DueCallback>> ClaimAsync(StorefrontDb db, DateTimeOffset now, TimeSpan lease, int batch, Guid? paymentId, CancellationToken ct) =>
        db.Database.SqlQuery<DueCallback>($"""
            update sandbox_charges c
            set callback_attempts = c.callback_attempts + 1, callback_next_at = {now + lease}
            from (select tenant_id, payment_id from sandbox_charges
                  where callback_delivered_at is null and callback_next_at <= {now}
                    and ({paymentId}::uuid is null or payment_id = {paymentId}::uuid)
                  order by callback_next_at
                  limit {batch}
                  for update skip locked) due
            where c.tenant_id = due.tenant_id and c.payment_id = due.payment_id
            returning c.payment_id as "PaymentId", c.notify_url as "NotifyUrl", c.callback_body as "Body",
                      c.callback_signature as "Signature", c.callback_attempts as "Attempts"
            """).ToListAsync(ct);

    /// <summary>The store answered 2xx: delivered, never sent again.</summary>
    public static Task DeliveredAsync(StorefrontDb db, Guid paymentId, int status, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            update sandbox_charges set callback_delivered_at = {now}, callback_next_at = null, callback_last_status = {status}, callback_last_error = null
            where payment_id = {paymentId}
            """, ct);

    /// <summary>Not delivered: tried again at <paramref name="next"/>, or given up (null).</summary>
    public static Task FailedAsync(StorefrontDb db, Guid paymentId, int? status, string error, DateTimeOffset? next, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            update sandbox_charges
            set callback_next_at = {next}, callback_last_status = {status}, callback_last_error = {(error.Length > 500 ? error[..500] : error)}
            where payment_id = {paymentId} and callback_delivered_at is null
            """, ct);
}

/// <summary>A charge as the hosted page shows it.</summary>
public sealed class SandboxCharge
{
    public Guid PaymentId { get; set; }

    public string OrderNumber { get; set; } = "";

    public decimal Amount { get; set; }

    public string ReturnUrl { get; set; } = "";

    public string NotifyUrl { get; set; } = "";

    /// <summary>Open, Succeeded or Failed.</summary>
    public string Status { get; set; } = "";

    public string? Reference { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public int CallbackAttempts { get; set; }

    public DateTimeOffset? CallbackDeliveredAt { get; set; }
}

/// <summary>A callback claimed for one delivery attempt.</summary>
public sealed class DueCallback
{
    public Guid PaymentId { get; set; }

    public string NotifyUrl { get; set; } = "";

    public string Body { get; set; } = "";

    public string Signature { get; set; } = "";

    public int Attempts { get; set; }
}

/// <summary>The callback's JSON body (camelCase): status is "succeeded" or "failed".</summary>
public sealed record SandboxCallback(Guid PaymentId, string OrderNumber, decimal Amount, string Status, string Reference, DateTimeOffset At)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
