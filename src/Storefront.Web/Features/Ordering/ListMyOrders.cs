using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// The signed-in shopper's orders, newest first, ten to a page, optionally of one status (the tabs 全部 / 待付款 / 待发货 /
/// 已发货 / 已完成 / 已取消), with the count of each status for the tab labels.
/// </summary>
public static class ListMyOrders
{
    public const int PageSize = 10;
    public const int MaxPage = 10_000;

    /// <param name="Status">An <see cref="OrderStatus"/> name (any case); empty for all.</param>
    /// <param name="Page">The page, from 1.</param>
    public sealed record Query(string? Status, int Page = 1) : IRequest<Result>
    {
        public OrderStatus? ParsedStatus => Enum.TryParse<OrderStatus>(Status, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null;
    }

    public sealed record Result(IReadOnlyList<OrderSummary> Items, OrderStatus? Status, int Page, int PageSize, int TotalCount, int PageCount,
        IReadOnlyDictionary<OrderStatus, int> Counts);

    public sealed record OrderSummary(string Number, OrderStatus Status, DateTimeOffset PlacedAt, DateTimeOffset PaymentDueAt, decimal Total,
        int Quantity, IReadOnlyList<LinePreview> Lines, int LineCount);

    public sealed record LinePreview(string ProductName, string SpecText, string? Image, int Quantity, decimal PaidAmount);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status)
                .Must(s => string.IsNullOrEmpty(s) || (Enum.TryParse<OrderStatus>(s, true, out var v) && Enum.IsDefined(v) && !s.All(char.IsAsciiDigit)))
                .WithMessage(_ => OrderingText.OrderStatusUnknown);
            RuleFor(q => q.Page).InclusiveBetween(1, MaxPage).WithName(_ => OrderingText.PageNumber);
        }
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var shopperId = user.RequiredId;
            var status = request.ParsedStatus;
            var mine = db.Orders.AsNoTracking().Where(o => o.ShopperId == shopperId);
            var counts = await mine.GroupBy(o => o.Status)
                .Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
            var filtered = status is { } s ? mine.Where(o => o.Status == s) : mine;
            var total = status is { } t ? counts.GetValueOrDefault(t) : counts.Values.Sum();
            var items = await filtered
                .OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Number)
                .Skip((request.Page - 1) * PageSize).Take(PageSize)
                .Select(o => new OrderSummary(o.Number, o.Status, o.PlacedAt, o.PaymentDueAt, o.Total, o.Lines.Sum(l => l.Quantity),
                    o.Lines.OrderBy(l => l.Position)
                        .Take(3)
                        .Select(l => new LinePreview(l.ProductName, l.SpecText, l.Image, l.Quantity, l.PaidAmount))
                        .ToList(),
                    o.Lines.Count))
                .ToListAsync(cancellationToken);
            return new Result(items, status, request.Page, PageSize, total, Math.Max(1, (total + PageSize - 1) / PageSize), counts);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/orders", async (string? status, int? page, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new Query(status, page ?? 1), ct)))
            .RequireAuthorization(Policies.Shopper).WithTags("Orders").ProducesValidationProblem();
}
