using System.Text.Json;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Features.Ordering;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.PaymentSandbox;

/// <summary>
/// POST /api/v1/payments/sandbox/callback: the sandbox gateway's webhook. The signature (header X-Sandbox-Signature,
/// hex HMAC-SHA256 keyed with the store's payment secret) is checked over the exact bytes received, before anything is
/// parsed: a missing or wrong one is refused with 401 and logged as a warning. A signed body then settles the payment
/// through the ordering command <see cref="SettlePayment"/>, which decides everything else (duplicates answer 200 and
/// change nothing; a wrong amount is 400; a lost race with another writer of the order is 409, so the gateway retries).
/// </summary>
public static class SandboxCallbackEndpoint
{
    private const int MaxBodyBytes = 16 * 1024;

    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/payments/sandbox/callback", HandleAsync)
            .WithTags("Payments")
            .RequireRateLimiting(RateLimits.PaymentCallback)
            .WithMetadata(new AllowCrossSiteAttribute())   // server to server, signed: its own format
            .Accepts<SandboxCallback>("application/json")
            .Produces<SettlePayment.Result>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<IResult> HandleAsync(
        HttpRequest request, TenantContext tenant, StorefrontDb db, IMediator mediator, ILoggerFactory logs, CancellationToken ct)
    {
        var log = logs.CreateLogger(typeof(SandboxCallbackEndpoint));
        var storeId = tenant.RequiredId;
        var body = await ReadBodyAsync(request, ct);
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "回调内容过大 (The callback body is too large)");
        }

        var secret = await db.Stores.AsNoTracking().Where(s => s.Id == storeId).Select(s => s.PaymentSecret).SingleAsync(ct);
        var signature = request.Headers[SandboxGateway.SignatureHeader].ToString();
        if (!SandboxCharges.Verify(secret, body, signature))
        {
            log.LogWarning("Sandbox callback refused: {Problem:l} signature from {RemoteIp} ({BodyBytes} bytes)",
                string.IsNullOrWhiteSpace(signature) ? "missing" : "bad", request.HttpContext.Connection.RemoteIpAddress, body.Length);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "签名无效 (The callback signature is missing or wrong)");
        }

        SandboxCallback? callback;
        try
        {
            callback = JsonSerializer.Deserialize<SandboxCallback>(body, SandboxCallback.Json);
        }
        catch (JsonException)
        {
            callback = null;
        }

        if (callback is null || callback.Status is not ("succeeded" or "failed"))
        {
            log.LogWarning("Sandbox callback refused: signed but unreadable body ({BodyBytes} bytes)", body.Length);
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "回调内容无法识别 (The callback body could not be read)");
        }

        var result =
            await mediator.Send(new SettlePayment.Command(callback.PaymentId, callback.Status == "succeeded", callback.Amount, callback.Reference), ct);
        return TypedResults.Ok(result);
    }

    /// <summary>The raw body as sent (what the signature covers), or null when it is larger than any callback.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
