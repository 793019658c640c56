using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Storefront.Domain.Common;

namespace Storefront.Web.Infrastructure.Web;

/// <summary>
/// Turns what a request was refused for into RFC 7807 problem+json: validation 400 with field errors, a broken
/// body 400, a rule 400 (or 409 when it is a conflict), not found 404, a unique-key clash or a concurrent change of the same row 409,
/// no database connection to be had 503 with Retry-After. Anything else stays a 500 (and was logged).
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait after a 503 for want of a database connection.</summary>
    public const int BusyRetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is RateLimitedException limited)
        {
            await RateLimits.RejectAsync(context, limited.RetryAfter, cancellationToken);   // an account's limit: 429 like the address limits
            return true;
        }

        if (exception is Tenancy.StoreMovingException)
        {
            context.Response.Headers.RetryAfter = Tenancy.StoreMovingException.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (NoConnection(exception))
        {
            context.Response.Headers.RetryAfter = BusyRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        ProblemDetails? problem = exception switch
        {
            _ when NoConnection(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "当前访问人数较多，请稍后重试 (Too busy right now; try again shortly)",
                Type = "urn:storefront:busy",
            },
            Tenancy.StoreMovingException m => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = DomainErrors.Message(m.AsDomainError(), UiCulture(context)),
                Type = "urn:storefront:" + Tenancy.StoreMovingException.Code,
            },
            ValidationException v => new HttpValidationProblemDetails(
                v.Errors.GroupBy(e => JsonName(e.PropertyName)).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "请求参数有误 (One or more fields are invalid)",
            },
            BadHttpRequestException b =>
                new ProblemDetails { Status = b.StatusCode, Title = "请求格式有误 (The request body could not be read)", Detail = b.Message },
            DomainException d =>
                new ProblemDetails
                {
                    Status = d.IsConflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
                    Title = DomainErrors.Message(d, UiCulture(context)),
                    Type = "urn:storefront:" + d.Code
                },
            NotFoundException n => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = n.Message },
            UnauthorizedAccessException => new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Title = "请先登录 (Sign in first)" },
            Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException =>
                new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "数据已被他人修改，请刷新后重试 (It was changed by someone else; reload and try again)" },
            Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } =>
                new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "记录已存在 (It already exists)" },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The request's UI culture: this handler runs outside the localization middleware's scope.</summary>
    private static System.Globalization.CultureInfo UiCulture(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Localization.IRequestCultureFeature>()?.RequestCulture.UICulture
        ?? System.Globalization.CultureInfo.CurrentUICulture;

    /// <summary>
    /// No connection to be had: the app's pool stayed exhausted past its Timeout (Npgsql: an NpgsqlException around a
    /// TimeoutException), or PostgreSQL refused a new connection (53300 too many connections, 57P03 cannot connect now).
    /// </summary>
    private static bool NoConnection(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { InnerException: TimeoutException }
                or PostgresException { SqlState: PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.CannotConnectNow })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The JSON name of a property path: Skus[0].Price → skus[0].price.</summary>
    private static string JsonName(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(part => part.Length == 0 ? "" : char.ToLowerInvariant(part[0]) + part[1..]));
}
