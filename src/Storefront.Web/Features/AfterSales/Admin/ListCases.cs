using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.AfterSales;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.AfterSales.Admin;

/// <summary>
/// The staff's case queue (售后工作台): filter by kind, state and overdue (not answered by the deadline); open cases
/// first by deadline, then the rest newest first. At most 500 rows.
/// </summary>
public static class ListCases
{
    public sealed record Query(AfterSalesKind? Kind = null, AfterSalesStatus? Status = null, bool OverdueOnly = false, string? OrderNumber = null)
        : IRequest<IReadOnlyList<CaseSummary>>;

    internal sealed class Handler(StorefrontDb db, TimeProvider clock) : IRequestHandler<Query, IReadOnlyList<CaseSummary>>
    {
        public async Task<IReadOnlyList<CaseSummary>> Handle(Query request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var q = db.AfterSalesCases.AsNoTracking();
            if (request.Kind is { } kind)
            {
                q = q.Where(c => c.Kind == kind);
            }

            if (request.Status is { } status)
            {
                q = q.Where(c => c.Status == status);
            }

            if (request.OverdueOnly)
            {
                q = q.Where(c => c.Status == AfterSalesStatus.Requested && c.AnswerDueAt <= now);
            }

            if (!string.IsNullOrWhiteSpace(request.OrderNumber))
            {
                var number = request.OrderNumber.Trim();
                q = q.Where(c => c.OrderNumber == number);
            }

            var cases = await q
                .OrderBy(c => c.Status == AfterSalesStatus.Requested ? 0 : AfterSalesCase.OpenStatuses.Contains(c.Status) ? 1 : 2)
                .ThenBy(c => c.AnswerDueAt).Take(500).ToListAsync(cancellationToken);
            return [.. cases.Select(c => CaseSummary.From(c, now))];
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/after-sales", async ([FromQuery] AfterSalesKind? kind, [FromQuery] AfterSalesStatus? status, [FromQuery] bool? overdue,
                [FromQuery] string? order, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new Query(kind, status, overdue ?? false, order), ct)))
            .RequireAuthorization(Policies.AfterSales).WithTags("Admin after-sales");
}
