using Storefront.Domain.Ordering;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// The 省/市/区 pickers' options: GET /api/v1/divisions (the provinces) or ?parent={code} (its cities or districts), as
/// [{code, name}]. The data ships with the code (AdministrativeDivisions), so answers are cached a day by browsers.
/// </summary>
public static class ListDivisions
{
    public sealed record Option(string Code, string Name);

    public static IReadOnlyList<Option> Options(string? parent) =>
        [.. AdministrativeDivisions.Official.ChildrenOf(string.IsNullOrWhiteSpace(parent) ? null : parent.Trim()).Select(d => new Option(d.Code, d.Name))];

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/divisions", (string? parent, HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "public, max-age=86400";
                return TypedResults.Ok(Options(parent));
            })
            .AllowAnonymous()
            .WithTags("Addresses");
}
