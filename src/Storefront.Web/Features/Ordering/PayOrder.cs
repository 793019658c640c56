using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Payments;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// The shopper wants to pay an order of theirs that awaits payment: a new Payment is started and the gateway says where
/// to send the shopper (its hosted page). Someone else's order is not found (404); an order that is no longer awaiting
/// payment, or whose payment time ran out, is a conflict (409). Each call starts its own payment (a second tab, a
/// retry after a failure); whichever succeeds first pays the order, and any later one is refunded when it settles.
/// </summary>
public static class PayOrder
{
    public sealed record Command(string Number) : ICommand<Result>;

    public sealed record Result(string OrderNumber, Guid PaymentId, decimal Amount, string GatewayUrl);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Number).NotEmpty().MaximumLength(40);
    }

    internal sealed class Handler(
        StorefrontDb db, TenantContext tenant, CurrentUser user, IPaymentGateway gateway, IHttpContextAccessor http,
        IOptions<TenancyOptions> tenancy, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var shopperId = user.RequiredId;
            var store = tenant.Store!;
            var now = clock.GetUtcNow();
            var order = await db.Orders.SingleOrDefaultAsync(o => o.Number == request.Number && o.ShopperId == shopperId, cancellationToken)
                ?? throw new NotFoundException("order", OrderingText.OrderNotFound);
            order.EnsurePayable(now);

            var payment = Payment.Start(store.Id, order.Id, gateway.Name, order.Total, now);
            db.Payments.Add(payment);
            var site = SiteAddress(store);
            var url = await gateway.StartAsync(
                new GatewayPayment(store.Id, store.Slug, payment.Id, order.Number, order.Total, new Uri(site, $"/orders/{Uri.EscapeDataString(order.Number)}")),
                cancellationToken);
            return new Result(order.Number, payment.Id, order.Total, (url.IsAbsoluteUri ? url : new Uri(site, url)).ToString());
        }

        /// <summary>The store's address as the shopper reached it (the request's scheme and host), else {slug}.{base domain}.</summary>
        private Uri SiteAddress(StoreInfo store) =>
            http.HttpContext?.Request is { Host.HasValue: true } r
                ? new Uri($"{r.Scheme}://{r.Host.Value}")
                : new Uri($"http://{store.Slug}.{tenancy.Value.BaseDomain}");
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/orders/{number}/pay", async (string number, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new Command(number), ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("Orders")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
