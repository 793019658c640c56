using System.Net;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>What a staff member gets at an admin address: the page, or the refusal (a redirect to /admin/denied, or 没有权限 in the page).</summary>
public static class AdminPages
{
    public static async Task<bool> IsDeniedAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found)
        {
            return response.Headers.Location!.ToString().Contains("/admin/denied", StringComparison.Ordinal);
        }

        return response.StatusCode == HttpStatusCode.Forbidden
            || (await response.Content.ReadAsStringAsync()).Contains("没有权限", StringComparison.Ordinal);
    }

    /// <summary>The page opened as such: 200 and no refusal in it.</summary>
    public static async Task<bool> OpensAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return response.StatusCode == HttpStatusCode.OK && !(await response.Content.ReadAsStringAsync()).Contains("没有权限", StringComparison.Ordinal);
    }
}
