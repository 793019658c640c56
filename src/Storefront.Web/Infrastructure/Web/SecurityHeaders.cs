using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Storefront.Web.Infrastructure.Web;

/// <summary>
/// Response headers and the cross-site rule (issue 15). Every response: a Content-Security-Policy (scripts only from
/// this origin: the pages have no inline script; styles may be inline, as Radzen sets style attributes), nosniff,
/// Referrer-Policy; HSTS over HTTPS outside Development; no Server header. Every state-changing /api request must be
/// one a cross-site page cannot send without a CORS preflight: a non-form content type (JSON, CSV...) or the
/// X-Requested-With header; else 403. See docs/decisions/0006-rate-limits-and-headers.md.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The policy of pages (and every other answer). frame-ancestors replaces the one Blazor's server render mode adds.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Uploaded files: never a document that runs anything, whatever a browser makes of the bytes.</summary>
    public const string MediaContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

    /// <summary>The header a same-site script sends with state-changing API requests (a cross-site form cannot).</summary>
    public const string RequestedWith = "X-Requested-With";

    public static WebApplicationBuilder AddStorefrontSecurityHeaders(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        return builder;
    }

    /// <summary>Outermost: the headers go on every answer, error pages included (set when the response starts).</summary>
    public static WebApplication UseStorefrontSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                if (!headers.ContainsKey("Content-Security-Policy"))
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                }

                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();   // only over HTTPS, and not for localhost itself
        }

        return app;
    }

    /// <summary>Refuses state-changing /api requests that a cross-site form could have sent (see the class comment).</summary>
    public static WebApplication UseStorefrontCrossSiteGuard(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.Path.StartsWithSegments("/api") && !IsSafeMethod(request.Method) && !IsNonSimple(request)
                && context.GetEndpoint()?.Metadata.GetMetadata<AllowCrossSiteAttribute>() is null)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status403Forbidden,
                        Type = "urn:storefront:cross-site",
                        Title = "请求被拒绝：请以 JSON 发送，或带上 X-Requested-With 头 (Refused: send JSON or the X-Requested-With header)",
                    },
                });
                return;
            }

            await next(context);
        });
        return app;
    }

    /// <summary>
    /// A form post outside the API (sign-out): the antiforgery token of the page that showed the form is required, unless
    /// <paramref name="unless"/> vouches for the request (the shopper's sign-out from a cached page: a same-origin post).
    /// </summary>
    public static RouteHandlerBuilder RequireAntiforgeryToken(this RouteHandlerBuilder endpoint, Func<HttpRequest, bool>? unless = null) =>
        endpoint.AddEndpointFilter(async (context, next) =>
            unless?.Invoke(context.HttpContext.Request) == true
            || await context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context.HttpContext)
                ? await next(context)
                : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "表单已过期，请刷新页面后重试 (The form has expired: reload the page and try again)"));

    private static bool IsSafeMethod(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    /// <summary>
    /// What a page of another site cannot send without the browser asking this one first (CORS preflight): a custom
    /// header, or a content type other than the three a form or a simple fetch may use. No body and no header: refused.
    /// </summary>
    private static bool IsNonSimple(HttpRequest request)
    {
        if (request.Headers.ContainsKey(RequestedWith))
        {
            return true;
        }

        var type = request.ContentType;
        if (string.IsNullOrWhiteSpace(type))
        {
            return false;
        }

        var media = type.Split(';', 2)[0].Trim();
        return !(media.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || media.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || media.Equals("text/plain", StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>An API endpoint that other sites' servers call in their own format (a signed payment callback): the cross-site rule does not apply.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AllowCrossSiteAttribute : Attribute;
