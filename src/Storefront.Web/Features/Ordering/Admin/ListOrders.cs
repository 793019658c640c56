using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Domain.Privacy;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Ordering.Admin;

/// <summary>
/// The admin order grid: the store's orders, newest first unless sorted otherwise, filtered by status, placed date
/// (the store's calendar days in its time zone, both ends included), order number (whole or its beginning) and the recipient's phone; paged.
/// </summary>
/// <remarks>
/// Every filter walks an index that leads with the store: status + placed (ix_orders_status), placed
/// (ix_orders_placed), phone + placed (ix_orders_phone, 0013) and number prefix (ix_orders_number_prefix,
/// text_pattern_ops, 0013). The default order (placed_at desc, id desc) reads a page as an index range; the total is
/// counted only up to <see cref="CountCap"/>, as the product grid does.
/// </remarks>
public static class ListOrders
{
    public const int CountCap = 10_000;

    public const int NumberMaxLength = 20;

    public sealed record Query(
        int Skip = 0,
        int Take = 20,
        OrderStatus? Status = null,
        DateOnly? From = null,
        DateOnly? To = null,
        string? Number = null,
        string? Phone = null,
        OrderSort Sort = OrderSort.Placed,
        bool? Descending = null) : IRequest<Page>;

    public sealed record Page(IReadOnlyList<Row> Items, int Total, bool TotalCapped = false);

    public sealed record Row(
        Guid Id,
        string Number,
        OrderStatus Status,
        DateTimeOffset PlacedAt,
        string RecipientName,
        string Phone,
        decimal Total,
        decimal RefundedAmount,
        int Units,
        DateTimeOffset? PaidAt,
        DateTimeOffset? ShippedAt);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).IsInEnum();
            RuleFor(q => q.Sort).IsInEnum();
            RuleFor(q => q.Number).MaximumLength(NumberMaxLength).Matches("^[0-9]*$").WithMessage(_ => OrderingText.OrderNumberFilterDigits);
            RuleFor(q => q.Phone).Must(p => string.IsNullOrWhiteSpace(p) || ShippingAddress.NormalizePhone(p) is not null)
                .WithMessage(_ => OrderingText.PhoneFilterInvalid);
            RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
                .WithMessage(_ => OrderingText.OrderDateRangeInvalid);
        }
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant) : IRequestHandler<Query, Page>
    {
        public async Task<Page> Handle(Query request, CancellationToken cancellationToken)
        {
            var orders = Filter(db, tenant.Store, request);
            var rows = await Order(orders, request.Sort, request.Descending ?? request.Sort is OrderSort.Placed or OrderSort.Total)
                .Skip(Math.Max(0, request.Skip)).Take(Math.Clamp(request.Take, 1, 200))
                .Select(o => new Row(o.Id, o.Number, o.Status, o.PlacedAt, o.Address.Name, o.Address.Phone, o.Total, o.RefundedAmount,
                    o.Lines.Sum(l => l.Quantity), o.PaidAt, o.ShippedAt))
                .ToListAsync(cancellationToken);
            rows = [.. rows.Select(r => r with { Phone = PersonalData.MaskPhone(r.Phone) })];   // minimum exposure (issue 19)
            var counted = await orders.OrderByDescending(o => o.PlacedAt).Take(CountCap + 1).CountAsync(cancellationToken);
            return new Page(rows, Math.Min(counted, CountCap), counted > CountCap);
        }

        private static IQueryable<Order> Order(IQueryable<Order> orders, OrderSort sort, bool descending) => (sort, descending) switch
        {
            (OrderSort.Total, false) => orders.OrderBy(o => o.Total).ThenBy(o => o.Id),
            (OrderSort.Total, true) => orders.OrderByDescending(o => o.Total).ThenByDescending(o => o.Id),
            (OrderSort.Status, false) => orders.OrderBy(o => o.Status).ThenByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id),
            (OrderSort.Status, true) => orders.OrderByDescending(o => o.Status).ThenByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id),
            (_, false) => orders.OrderBy(o => o.PlacedAt).ThenBy(o => o.Id),
            (_, true) => orders.OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id),
        };
    }

    /// <summary>The filters of <paramref name="request"/> over the store's orders (the grid and the CSV export share them).</summary>
    internal static IQueryable<Order> Filter(StorefrontDb db, StoreInfo? store, Query request)
    {
        var orders = db.Orders.AsNoTracking();
        if (request.Status is { } status)
        {
            orders = orders.Where(o => o.Status == status);
        }

        if (request.From is { } from)
        {
            var start = StoreTime.StartOfDay(store, from);
            orders = orders.Where(o => o.PlacedAt >= start);
        }

        if (request.To is { } to)
        {
            var end = StoreTime.StartOfDay(store, to.AddDays(1));
            orders = orders.Where(o => o.PlacedAt < end);
        }

        if (request.Number?.Trim() is { Length: > 0 } number)
        {
            orders = number.Length == OrderNumberLength
                ? orders.Where(o => o.Number == number)
                : orders.Where(o => EF.Functions.Like(o.Number, ListProducts.EscapeLike(number) + "%", "\\"));
        }

        if (ShippingAddress.NormalizePhone(request.Phone) is { } phone)
        {
            orders = orders.Where(o => o.Address.Phone == phone);
        }

        return orders;
    }

    /// <summary>An order number: eight digits of the Beijing date and six of the day's sequence.</summary>
    private const int OrderNumberLength = 14;

    internal static Query FromRoute(
        int skip, int take, OrderStatus? status, DateOnly? from, DateOnly? to, string? number, string? phone, OrderSort sort, bool? desc) =>
        new(skip, take, status, from, to, number, phone, sort, desc);

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/orders", async (IMediator m, CancellationToken ct, int skip = 0, int take = 20, OrderStatus? status = null,
                DateOnly? from = null, DateOnly? to = null, string? number = null, string? phone = null, OrderSort sort = OrderSort.Placed,
                bool? desc = null) =>
            TypedResults.Ok(await m.Send(FromRoute(skip, take, status, from, to, number, phone, sort, desc), ct)))
            .RequireAuthorization(Policies.Orders).WithTags("Admin orders").ProducesValidationProblem();
}

/// <summary>What the admin order grid can be ordered by.</summary>
public enum OrderSort
{
    Placed,
    Total,
    Status,
}
