using System.Security.Claims;

namespace Storefront.Web.Infrastructure.Identity;

/// <summary>The principal of the current unit of work: the request's user, or the one a circuit operation carries.</summary>
public sealed class CurrentUser(IHttpContextAccessor http)
{
    private ClaimsPrincipal? _user;

    public ClaimsPrincipal Principal => _user ?? http.HttpContext?.User ?? new ClaimsPrincipal(new ClaimsIdentity());

    public Guid? Id => Principal.UserId();

    public Guid RequiredId => Id ?? throw new UnauthorizedAccessException("Sign in first.");

    public void Use(ClaimsPrincipal user) => _user = user;
}
