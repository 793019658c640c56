namespace Storefront.Web.Infrastructure.Identity;

/// <summary>
/// Runs after every shopper sign-in (log-in, registration), in the request that signed in. Areas register one to act on
/// it (Ordering takes the browser's guest cart into the shopper's cart) without Identity knowing them.
/// </summary>
public interface IShopperSignInHandler
{
    Task SignedInAsync(HttpContext context, Guid shopperId, CancellationToken ct);
}
