using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Platform;

/// <summary>A platform admin closes a store: its site and admin answer 404 until it is reactivated. Nothing is deleted.</summary>
public static class SuspendStore
{
    public sealed record Command(string Slug, string Reason) : ICommand<bool>, IPlatformRequest;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Slug).NotEmpty();
            RuleFor(c => c.Reason).NotEmpty().MaximumLength(200);
        }
    }

    internal sealed class Handler(StorefrontDb db, TimeProvider clock, StoreDirectory directory) : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command request, CancellationToken cancellationToken)
        {
            var store = await db.Stores.SingleOrDefaultAsync(s => s.Slug == request.Slug, cancellationToken)
                ?? throw new NotFoundException("store", SharedText.StoreNotFound);
            store.Suspend(request.Reason, clock.GetUtcNow());
            directory.Forget(store.Slug, store.CustomDomains);
            return true;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/platform/stores/{slug}/suspend", async (string slug, ReasonBody body, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new Command(slug, body.Reason), ct)))
            .RequireAuthorization(Policies.PlatformAdmin).WithTags("Platform");

    public sealed record ReasonBody(string Reason);
}
