using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Insight;
using Storefront.Domain.Ordering;
using Storefront.Web.Features.Insight.Tracking;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// Puts a SKU in the cart (a guest gets a cart cookie). The same SKU again adds to its line. Refused: a quantity
/// outside 1–999, an unknown SKU, a delisted product, a sold-out SKU, more than is left (counting what is in the cart).
/// </summary>
public static class AddToCart
{
    public sealed record Command : ICommand<Result>
    {
        public Guid? SkuId { get; init; }

        /// <summary>The SKU's code, as the product page's picker posts it (instead of <see cref="SkuId"/>).</summary>
        public string? SkuCode { get; init; }

        public int Quantity { get; init; } = 1;
    }

    public sealed record Result(Guid SkuId, string SkuCode, string ProductSlug, int Quantity);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.SkuId).NotEmpty().When(c => string.IsNullOrWhiteSpace(c.SkuCode)).WithMessage(_ => OrderingText.CartChooseSku);
            RuleFor(c => c.Quantity).InclusiveBetween(1, CartLine.MaxQuantity).WithMessage(_ => OrderingText.CartQuantityRange);
        }
    }

    internal sealed class Handler(StorefrontDb db, CartOwner owner, TenantContext tenant, TimeProvider clock, Visits visits)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var sku = await CartRules.RequireAsync(db, request.SkuId, request.SkuCode, cancellationToken);
            var ownerId = owner.Current;
            var line = ownerId is { } id ? await db.CartLines.SingleOrDefaultAsync(l => l.OwnerId == id && l.SkuId == sku.SkuId, cancellationToken) : null;
            var inCart = line?.Quantity ?? 0;
            CartRules.CheckCanBuy(sku, Math.Min(CartLine.MaxQuantity, inCart + request.Quantity), inCart);

            var now = clock.GetUtcNow();
            if (line is null)
            {
                var lines = ownerId is { } existing ? await db.CartLines.CountAsync(l => l.OwnerId == existing, cancellationToken) : 0;
                line = CartLine.Create(tenant.RequiredId, owner.Ensure(), sku.SkuId, request.Quantity, sku.Price, lines, now);
                db.CartLines.Add(line);
            }
            else
            {
                line.Add(request.Quantity, now);
                line.AcknowledgePrice(sku.Price);   // added again from a page that showed today's price
            }

            db.OnCommitted(() => visits.Record(VisitEventKind.AddToCart));   // the visit funnel (no round trip: queued)
            return new Result(sku.SkuId, sku.Code, sku.ProductSlug, line.Quantity);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/cart/lines", async (Command command, IMediator m, CancellationToken ct) =>
            {
                await m.Send(command, ct);
                return TypedResults.Ok(await m.Send(new CartContents.Query(), ct));
            })
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithTags("Cart");

    /// <summary>
    /// The product page's 加入购物车 button: a plain form post (SKU code and quantity) that works from a cached page.
    /// A cached page cannot carry a per-visitor antiforgery token, so instead of one this endpoint accepts only posts
    /// that the browser says come from this site (Sec-Fetch-Site, else Origin, else Referer); the cart cookie is
    /// SameSite=Lax as well. Added: to the cart page; with buy=now (立即购买, <see cref="BuyNow"/>) to checkout. Refused:
    /// back to the product with the reason for its message.
    /// </summary>
    internal static void MapForm(IEndpointRouteBuilder app) =>
        app.MapPost("/cart/add", async (HttpContext context, IMediator m, CancellationToken ct) =>
        {
            if (!SameSite.IsSameOriginPost(context.Request) || !context.Request.HasFormContentType)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            var form = await context.Request.ReadFormAsync(ct);
            var code = form["sku"].ToString();
            var quantity = int.TryParse(form["quantity"], out var q) ? q : 0;
            string? reason;
            try
            {
                if (form["buy"] == "now")
                {
                    await m.Send(new BuyNow.Command(code, quantity), ct);
                    return Results.Redirect("/checkout");
                }

                var added = await m.Send(new Command { SkuCode = code, Quantity = quantity }, ct);
                return Results.Redirect("/cart?added=" + Uri.EscapeDataString(added.SkuCode));
            }
            catch (ValidationException e) when (e.Errors.Any(f => f.PropertyName == nameof(Command.SkuCode)))
            {
                throw new NotFoundException("sku", OrderingText.CartUnknownSku);
            }
            catch (ValidationException)
            {
                reason = "quantity";
            }
            catch (DomainException e)
            {
                reason = e.Code.Replace("cart.", "", StringComparison.Ordinal);
            }

            var sku = await m.Send(new SkuPage.Query(code), ct);
            return Results.Redirect($"/p/{Uri.EscapeDataString(sku)}?sku={Uri.EscapeDataString(code)}&cart={reason}");
        }).DisableAntiforgery();
}

/// <summary>Which product page a SKU code belongs to (for sending a refused add-to-cart back to it).</summary>
public static class SkuPage
{
    public sealed record Query(string Code) : IRequest<string>;

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, string>
    {
        public async Task<string> Handle(Query request, CancellationToken cancellationToken) =>
            (await CartRules.FindAsync(db, null, request.Code, cancellationToken))?.ProductSlug
            ?? throw new NotFoundException("sku", OrderingText.CartUnknownSku);
    }
}

/// <summary>Whether a form post comes from a page of this site, by what the browser says about it.</summary>
internal static class SameSite
{
    public static bool IsSameOriginPost(HttpRequest request)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
        {
            return fetchSite is "same-origin" or "none";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            origin = request.Headers.Referer.ToString();
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase);
    }
}
