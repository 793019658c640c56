namespace Storefront.Web.Infrastructure.Web;

public static class StaticWebAssets
{
    /// <summary>
    /// Serves the static web assets of packages (Radzen's css and js) and of the app from the build output in every
    /// environment. ASP.NET Core reads the build's manifest of them only in Development unless asked, and ./run.sh
    /// runs the build output (dotnet run) in Production. A published app has no such manifest: nothing changes there.
    /// </summary>
    public static WebApplicationBuilder UseStaticWebAssetsInEveryEnvironment(this WebApplicationBuilder builder)
    {
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }
}
