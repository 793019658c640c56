using MediatR;
using Microsoft.AspNetCore.Mvc;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Members.Admin;

/// <summary>The admin API's reads of members: find by e-mail or phone, and one member's standing and ledger.</summary>
public static class MemberLookup
{
    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/admin/members", async ([FromQuery] string? q, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new FindMembers.Query(q ?? ""), ct)))
            .RequireAuthorization(Policies.Marketing).WithTags("Admin members");
        api.MapGet("/admin/members/{shopperId:guid}", async (Guid shopperId, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new MemberStanding.Query(shopperId), ct)))
            .RequireAuthorization(Policies.Marketing).WithTags("Admin members").ProducesProblem(StatusCodes.Status404NotFound);
    }
}
