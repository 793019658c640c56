using System.Globalization;
using System.Text.Json;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Members;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Members.Admin;

/// <summary>
/// An operator corrects a shopper's points (积分调整) with a reason: added points are a lot of their own (expiring like
/// earned ones), taken points must be held (a conditional UPDATE: never below zero, else 409) and come out of the lots
/// oldest-expiring first. Written to the ledger the shopper reads and to the audit log.
/// </summary>
public static class AdjustPoints
{
    public const int MaxPoints = 1_000_000;

    public sealed record Command(Guid ShopperId, int Points, string Reason) : ICommand<Result>;

    public sealed record Result(Guid ShopperId, int Points, int Balance);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Points).NotEqual(0).WithMessage(_ => MembersText.AdjustPointsZero)
                .InclusiveBetween(-MaxPoints, MaxPoints).WithMessage(_ => string.Format(CultureInfo.CurrentCulture, MembersText.AdjustPointsRange, MaxPoints));
            RuleFor(c => c.Reason).NotEmpty().WithMessage(_ => MembersText.AdjustReasonRequired)
                .MaximumLength(PointsEntry.NoteMaxLength).WithName(_ => MembersText.AdjustReason);
        }
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var tenantId = db.TenantId!.Value;
            var now = clock.GetUtcNow();
            if (!await db.Shoppers.AnyAsync(s => s.Id == request.ShopperId, cancellationToken))
            {
                throw new NotFoundException("shopper", MembersText.MemberNotFound);
            }

            await Membership.LockAsync(db, request.ShopperId, cancellationToken);
            await Membership.EnsureAccountAsync(db, request.ShopperId, now, cancellationToken);
            var reason = request.Reason.Trim();
            if (request.Points > 0)
            {
                var programme = await Membership.ProgrammeAsync(db, cancellationToken);
                await Membership.AddAsync(db, PointsEntry.Create(tenantId, request.ShopperId, PointsEntryKind.Adjusted, request.Points, null, reason,
                    programme.ExpiryFor(now), now), cancellationToken);
            }
            else if (!await Membership.SpendAsync(db, request.ShopperId, -request.Points, PointsEntryKind.Adjusted, null, reason, now, cancellationToken))
            {
                throw new DomainException("points.short", MembersText.AdjustNotEnough, isConflict: true);
            }

            db.AuditLog.Add(AuditEntry.Record(tenantId, user.Id, "member.points-adjusted", request.ShopperId.ToString(),
                JsonSerializer.Serialize(new { request.Points, Reason = reason }), now));
            var balance = await db.MemberAccounts.Where(a => a.ShopperId == request.ShopperId).Select(a => a.PointsBalance).SingleAsync(cancellationToken);
            return new Result(request.ShopperId, request.Points, balance);
        }
    }

    public sealed record Body(int Points, string Reason);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/members/{shopperId:guid}/points", async (Guid shopperId, [FromBody] Body body, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new Command(shopperId, body.Points, body.Reason ?? ""), ct)))
            .RequireAuthorization(Policies.Marketing).WithTags("Admin members")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
