using System.Text.Json;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Storefront.Domain.Common;
using Storefront.Domain.Insight;
using Storefront.Web.Features.Members.Admin;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Insight.Customers;

/// <summary>
/// An operator sends a coupon (定向发券) to every buyer of an RFM group, the way <see cref="SendCouponToTier"/> sends to a tier
/// and through its issuing: one copy each within the per-shopper limit, never more than the coupon has left. Audited.
/// </summary>
public static class SendCouponToSegment
{
    public sealed record Command(Guid CouponId, RfmSegment Segment) : ICommand<Result>;

    /// <summary>Copies sent, buyers in the group, and buyers missed because the coupon ran out.</summary>
    public sealed record Result(int Sent, int Members, int Missed);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.CouponId).NotEmpty().WithMessage(_ => CustomersText.CouponRequired);
            RuleFor(c => c.Segment).IsInEnum();
        }
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock, ILogger<Command> log)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var coupon = await SendCouponToTier.IssuableAsync(db, request.CouponId, now, cancellationToken);
            var members = (await ListSegmentMembers.MembersAsync(db, tenant, clock, request.Segment, cancellationToken)).Select(b => b.ShopperId).ToList();
            var (taken, eligible) = await SendCouponToTier.IssueAsync(db, coupon, db.Shoppers.Where(s => members.Contains(s.Id)).Select(s => s.Id), now,
                cancellationToken);
            db.AuditLog.Add(AuditEntry.Record(tenant.RequiredId, user.Id, "coupon.sent", coupon.Id.ToString(),
                JsonSerializer.Serialize(new { coupon.Name, Segment = request.Segment.ToString(), Sent = taken, Members = members.Count }), now));
            log.LogInformation("Coupon {CouponId} sent to {Sent} buyers of segment {Segment}", coupon.Id, taken, request.Segment);
            return new Result(taken, members.Count, eligible - taken);
        }
    }

    public sealed record Body(Guid CouponId, RfmSegment Segment);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/insight/customers/send-coupon", async ([FromBody] Body body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Command(body.CouponId, body.Segment), ct)))
            .RequireAuthorization(Policies.Marketing).WithTags("Admin insight")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
