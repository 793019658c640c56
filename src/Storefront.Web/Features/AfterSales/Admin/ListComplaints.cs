using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.AfterSales;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.AfterSales.Admin;

/// <summary>
/// Customer service's complaint queue (投诉处理): open ones first by deadline, each flagged overdue when its deadline
/// passed without an answer; filters by status, kind and overdue. And one complaint with every reply.
/// </summary>
public static class ListComplaints
{
    public sealed record Query(ComplaintStatus? Status = null, ComplaintKind? Kind = null, bool? Overdue = null, int Skip = 0, int Take = 20)
        : IRequest<Result>;

    public sealed record Result(int Total, int OverdueCount, IReadOnlyList<ComplaintView> Items);

    public sealed record DetailQuery(Guid Id) : IRequest<ComplaintView>;

    internal sealed class Handler(StorefrontDb db, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var all = db.Complaints.AsNoTracking();
            var query = all;
            if (request.Status is { } status)
            {
                query = query.Where(c => c.Status == status);
            }

            if (request.Kind is { } kind)
            {
                query = query.Where(c => c.Kind == kind);
            }

            if (request.Overdue is { } overdue)
            {
                query = overdue
                    ? query.Where(c => c.Status == ComplaintStatus.Open && c.AnswerDueAt <= now)
                    : query.Where(c => !(c.Status == ComplaintStatus.Open && c.AnswerDueAt <= now));
            }

            var total = await query.CountAsync(cancellationToken);
            var overdueCount = await all.CountAsync(c => c.Status == ComplaintStatus.Open && c.AnswerDueAt <= now, cancellationToken);
            var rows = await query
                .OrderBy(c => c.Status == ComplaintStatus.Closed).ThenBy(c => c.Status == ComplaintStatus.Answered).ThenBy(c => c.AnswerDueAt).ThenBy(c => c.Id)
                .Skip(Math.Max(0, request.Skip)).Take(Math.Clamp(request.Take, 1, 100)).ToListAsync(cancellationToken);
            return new Result(total, overdueCount, [.. rows.Select(c => ComplaintView.Of(c, now))]);
        }
    }

    internal sealed class DetailHandler(StorefrontDb db, TimeProvider clock) : IRequestHandler<DetailQuery, ComplaintView>
    {
        public async Task<ComplaintView> Handle(DetailQuery request, CancellationToken cancellationToken) =>
            ComplaintView.Of(await db.Complaints.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.Id, cancellationToken)
                ?? throw new NotFoundException("complaint", AfterSalesText.ComplaintNotFound), clock.GetUtcNow());
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet(
            "/admin/after-sales/complaints",
            async (ComplaintStatus? status, ComplaintKind? kind, bool? overdue, int? skip, int? take, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new Query(status, kind, overdue, skip ?? 0, take ?? 20), ct)))
            .RequireAuthorization(Policies.AfterSales).WithTags("Admin complaints");
        api.MapGet("/admin/after-sales/complaints/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new DetailQuery(id), ct)))
            .RequireAuthorization(Policies.AfterSales).WithTags("Admin complaints").ProducesProblem(StatusCodes.Status404NotFound);
    }
}
