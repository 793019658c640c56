using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Ordering;

/// <summary>Removes an address from the book; when it was the default, the most recently changed other one becomes the default.</summary>
public static class DeleteAddress
{
    public sealed record Command(Guid Id) : ICommand<Unit>;

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var shopper = user.RequiredId;
            var entry = await db.Addresses.SingleOrDefaultAsync(a => a.Id == request.Id && a.ShopperId == shopper, cancellationToken)
                ?? throw new NotFoundException("address", OrderingText.AddressNotFound);
            db.Addresses.Remove(entry);
            if (entry.IsDefault)
            {
                await db.SaveChangesAsync(cancellationToken);   // the old default goes before another takes the flag
                var next = await db.Addresses.Where(a => a.ShopperId == shopper)
                    .OrderByDescending(a => a.UpdatedAt).ThenBy(a => a.Id).FirstOrDefaultAsync(cancellationToken);
                next?.SetDefault(true, clock.GetUtcNow());
            }

            return Unit.Value;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapDelete("/addresses/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) =>
            {
                await m.Send(new Command(id), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Shopper)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithTags("Addresses");
}
