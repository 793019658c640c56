using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Ordering;

/// <summary>Makes one address the default (默认地址); the old default stops being one.</summary>
public static class SetDefaultAddress
{
    public sealed record Command(Guid Id) : ICommand<ListAddresses.Address>;

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, ListAddresses.Address>
    {
        public async Task<ListAddresses.Address> Handle(Command request, CancellationToken cancellationToken)
        {
            var shopper = user.RequiredId;
            var entry = await db.Addresses.SingleOrDefaultAsync(a => a.Id == request.Id && a.ShopperId == shopper, cancellationToken)
                ?? throw new NotFoundException("address", OrderingText.AddressNotFound);
            await SaveAddress.MakeDefaultAsync(db, shopper, entry, clock.GetUtcNow(), cancellationToken);
            return ListAddresses.Address.From(entry);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/addresses/{id:guid}/default", async (Guid id, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Command(id), ct)))
            .RequireAuthorization(Policies.Shopper)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithTags("Addresses");
}
