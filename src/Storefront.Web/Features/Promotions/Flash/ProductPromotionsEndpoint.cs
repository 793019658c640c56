using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Web.Features.Ordering;
using Storefront.Web.Features.Promotions.Coupons;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Promotions.Flash;

/// <summary>
/// The promotions block of a product page, outside the output cache: GET /promotions/product/{slug} renders
/// <see cref="ProductPromotions"/> (flash sale with countdown and quota left, claimable coupons for the product) fresh for
/// each visitor, and POST /coupons/{id}/claim is the block's claim form (back to the product page; a guest is sent to
/// sign in first).
/// </summary>
public static class ProductPromotionsEndpoint
{
    internal static void MapForms(IEndpointRouteBuilder app)
    {
        app.MapGet(
            "/promotions/product/{slug}",
            async (string slug, HttpContext http, StorefrontDb db, TenantContext tenant, IMediator mediator, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            if (tenant.Store is null)
            {
                return TypedResults.NotFound();
            }

            var productId = await db.Products.Where(p => p.Slug == slug).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
            if (productId is not { } id)
            {
                return (IResult)TypedResults.NotFound();
            }

            var sessions = await mediator.Send(new ListFlashSales.Query(id), ct);
            var coupons = await mediator.Send(new ListCoupons.Query(id), ct);
            return new RazorComponentResult<ProductPromotions>(new Dictionary<string, object?>
            {
                [nameof(ProductPromotions.Sessions)] = sessions,
                [nameof(ProductPromotions.Coupons)] = coupons,
                [nameof(ProductPromotions.SignedIn)] = http.User.Identity?.IsAuthenticated == true,
                [nameof(ProductPromotions.ReturnUrl)] = "/p/" + slug,
                [nameof(ProductPromotions.Currency)] = tenant.Store?.Currency ?? "CNY",
            });
        });

        app.MapPost("/coupons/{id:guid}/claim", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            if (!SameSite.IsSameOriginPost(http.Request) || !http.Request.HasFormContentType)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            var form = await http.Request.ReadFormAsync(ct);
            var back = Accounts.LocalUrl.OrHome(form["returnUrl"].ToString());
            if (http.User.Identity?.IsAuthenticated != true)
            {
                return Results.Redirect("/account/login?returnUrl=" + Uri.EscapeDataString(back));
            }

            string outcome;
            try
            {
                await mediator.Send(new ClaimCoupon.Command(id), ct);
                outcome = "claimed";
            }
            catch (DomainException e)
            {
                outcome = e.Code.Replace("coupon.", "", StringComparison.Ordinal);
            }
            catch (NotFoundException)
            {
                outcome = "missing";
            }

            return Results.Redirect(back + (back.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "coupon=" + outcome + "#product-promotions");
        }).DisableAntiforgery();
    }
}
