using System.Net;

namespace Storefront.Web.Infrastructure.Tenancy;

/// <summary>
/// Resolves the store from the Host header. The platform host (the base domain) has no store; an unknown or
/// suspended store gets a 404 page. Health probes answer on any host.
/// </summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, StoreDirectory directory)
    {
        var host = context.Request.Host.Host;
        if (context.Request.Path.StartsWithSegments("/health") || directory.IsPlatformHost(host))
        {
            await next(context);
            return;
        }

        var store = await directory.FindByHostAsync(host, context.RequestAborted);
        if (store is null || store.Status != Domain.Tenancy.StoreStatus.Active)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(NotFoundPage(host), context.RequestAborted);
            return;
        }

        context.Features.Set(store);
        await next(context);
    }

    private static string NotFoundPage(string host) => $"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>店铺不存在 · Store not found</title></head>
        <body style="font-family:sans-serif;text-align:center;padding:4rem">
        <h1>店铺不存在</h1><p>没有找到 {WebUtility.HtmlEncode(host)} 对应的店铺，或该店铺已停止营业。</p>
        <p lang="en">There is no open store at this address.</p>
        </body></html>
        """;
}
