using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// Whose cart this request works on: the signed-in shopper's (owner id = shopper id, reached only through their session)
/// or a guest's. A guest holds a random 256-bit token in the <see cref="Cookie"/> cookie (set on the first add); the
/// cart's owner id is derived from it one way (<see cref="GuestOwnerId"/>, SHA-256), so no cookie value names a
/// shopper's cart (that would take a preimage of the shopper's id) and cart_lines holds nothing that opens a cart.
/// On sign-in the guest's lines move into the shopper's cart (<see cref="MergeGuestCartAsync"/>): quantities of the same
/// SKU add up, to at most 999. See docs/decisions/0008-checkout-claims-cart-lines-and-guest-cart-tokens.md.
/// </summary>
public sealed class CartOwner(IHttpContextAccessor http, CurrentUser user, TenantContext tenant)
{
    public const string Cookie = ".storefront.cart";
    private const int TokenBytes = 32;
    private static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(30);

    /// <summary>The shopper signed in at this store, if any.</summary>
    public Guid? ShopperId =>
        user.Principal.FindFirstValue(StoreClaims.Kind) == "shopper"
        && tenant.Id is { } store && user.Principal.FindFirstValue(StoreClaims.Store) == store.ToString()
            ? user.Id
            : null;

    /// <summary>The owner of the current cart, or null for a guest who has not added anything yet.</summary>
    public Guid? Current => ShopperId ?? GuestId(http.HttpContext?.Request);

    /// <summary>The owner of the current cart, giving a guest a cart cookie when they have none.</summary>
    public Guid Ensure()
    {
        if (Current is { } owner)
        {
            return owner;
        }

        var context = http.HttpContext ?? throw new InvalidOperationException("A guest cart needs an HTTP request.");
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
        var id = GuestOwnerId(token)!.Value;
        context.Response.Cookies.Append(Cookie, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            IsEssential = true,
            Path = "/",
            MaxAge = CookieLifetime,
        });
        context.Items[Cookie] = id;
        return id;
    }

    private static Guid? GuestId(HttpRequest? request)
    {
        if (request is null)
        {
            return null;
        }

        if (request.HttpContext.Items.TryGetValue(Cookie, out var set) && set is Guid fresh)
        {
            return fresh;
        }

        return request.Cookies.TryGetValue(Cookie, out var value) ? GuestOwnerId(value) : null;
    }

    /// <summary>
    /// The owner id of the guest cart a cookie value opens: the first 16 bytes of the SHA-256 of the token's bytes; null
    /// unless the value is a token as <see cref="Ensure"/> makes them (32 bytes, base64url). Anything else (an account's
    /// id, an old cookie) opens no cart: the guest starts a new one.
    /// </summary>
    internal static Guid? GuestOwnerId(string token)
    {
        Span<byte> raw = stackalloc byte[TokenBytes + 3];
        if (token.Length != Base64Url.GetEncodedLength(TokenBytes)
            || !Base64Url.TryDecodeFromChars(token, raw, out var written) || written != TokenBytes)
        {
            return null;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(raw[..TokenBytes], hash);
        return new Guid(hash[..16]);
    }

    /// <summary>
    /// Moves the guest cart of this request (if any) into the shopper's, in one statement: lines of the same SKU add
    /// their quantities (capped at <see cref="CartLine.MaxQuantity"/>), and the guest cookie is removed.
    /// </summary>
    public static async Task MergeGuestCartAsync(HttpContext context, Guid shopperId, CancellationToken ct)
    {
        var guest = GuestId(context.Request);
        if (guest is null)
        {
            return;
        }

        var db = context.RequestServices.GetRequiredService<StorefrontDb>();
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (db.TenantId is { } tenantId && guest != shopperId)
        {
            var moved = await db.Database.ExecuteSqlAsync($"""
                with moved as (
                    delete from cart_lines where tenant_id = {tenantId} and owner_id = {guest.Value}
                    returning sku_id, quantity, selected, price_when_added, added_at)
                insert into cart_lines (tenant_id, owner_id, sku_id, quantity, selected, price_when_added, added_at, updated_at)
                select {tenantId}, {shopperId}, sku_id, quantity, selected, price_when_added, added_at, {now} from moved
                on conflict (tenant_id, owner_id, sku_id) do update
                    set quantity = least({CartLine.MaxQuantity}, cart_lines.quantity + excluded.quantity),
                        selected = cart_lines.selected or excluded.selected,
                        updated_at = excluded.updated_at
                """, ct);
            context.RequestServices.GetRequiredService<ILogger<CartOwner>>()
                .LogInformation("Guest cart merged into shopper {ShopperId}: {Lines} lines", shopperId, moved);
        }

        context.Items.Remove(Cookie);
        context.Response.Cookies.Delete(Cookie, new CookieOptions { Path = "/" });
    }
}
