using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Privacy;

/// <summary>
/// The signed-in shopper opts in to marketing e-mails or withdraws (separate from the privacy policy); each change is
/// kept in the consent history. Whatever sends marketing mail must pick only shoppers with the opt-in.
/// </summary>
public static class ChooseMarketing
{
    public sealed record Command : ICommand<bool>
    {
        public bool OptIn { get; set; }
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command request, CancellationToken cancellationToken)
        {
            var id = user.RequiredId;
            var shopper = await db.Shoppers.SingleAsync(s => s.Id == id, cancellationToken);
            if (shopper.ChooseMarketing(request.OptIn, clock.GetUtcNow()) is { } record)
            {
                db.ConsentRecords.Add(record);
            }

            return shopper.MarketingOptIn;
        }
    }

    internal static void Map(IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        api.MapCommand<Command, bool>("/account/marketing").RequireAuthorization(Policies.Shopper).WithTags("Account");
        // The account page's form: change, then back to the page.
        app.MapPost("/account/marketing", async ([FromForm] bool optIn, IMediator m, CancellationToken ct) =>
        {
            await m.Send(new Command { OptIn = optIn }, ct);
            return Results.LocalRedirect("/account");
        }).RequireAuthorization(Policies.Shopper).ExcludeFromDescription();
    }
}
