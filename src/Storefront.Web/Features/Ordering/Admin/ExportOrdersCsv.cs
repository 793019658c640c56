using System.Globalization;
using System.Text;
using CsvHelper;
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
/// The orders the grid's filters select, as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Chinese
/// right): one row per order, newest first, with its lines summed up in one cell. Times are in the store's time zone.
/// </summary>
public static class ExportOrdersCsv
{
    public static readonly string[] Columns =
        ["订单号", "状态", "下单时间", "付款时间", "发货时间", "收货人", "手机", "收货地址", "商品", "件数", "商品金额", "优惠", "运费", "应付", "已退款", "快递", "买家备注"];

    /// <summary>Writes the CSV to <paramref name="Destination"/> (left open); answers the number of orders.</summary>
    public sealed record Query(ListOrders.Query Filter, Stream Destination) : IRequest<int>;

    internal sealed class Validator : FluentValidation.AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Filter).SetValidator(new ListOrders.Validator());
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant) : IRequestHandler<Query, int>
    {
        public async Task<int> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var writer = new StreamWriter(request.Destination, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true);
            await using var csv = new CsvWriter(writer, ProductCsv.Configuration());
            foreach (var column in Columns)
            {
                csv.WriteField(column);
            }

            await csv.NextRecordAsync();

            var rows = ListOrders.Filter(db, tenant.Store, request.Filter)
                .OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id)
                .Select(o => new
                {
                    o.Number,
                    o.Status,
                    o.PlacedAt,
                    o.PaidAt,
                    o.ShippedAt,
                    o.Address,
                    o.Subtotal,
                    o.Discount,
                    o.ShippingFee,
                    o.Total,
                    o.RefundedAmount,
                    o.Note,
                    Lines = o.Lines.OrderBy(l => l.Position).Select(l => new { l.ProductName, l.SpecText, l.Quantity }).ToList(),
                    Parcels = o.Shipments.OrderBy(s => s.ShippedAt).Select(s => s.Carrier + " " + s.TrackingNumber).ToList(),
                });

            var count = 0;
            await foreach (var o in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                csv.WriteField(o.Number);
                csv.WriteField(OrderingLabels.Status(o.Status));
                csv.WriteField(StoreTime.Format(tenant.Store, o.PlacedAt, StoreTime.Seconds));
                csv.WriteField(StoreTime.Format(tenant.Store, o.PaidAt, StoreTime.Seconds));
                csv.WriteField(StoreTime.Format(tenant.Store, o.ShippedAt, StoreTime.Seconds));
                csv.WriteField(o.Address.Name);
                csv.WriteField(PersonalData.MaskPhone(o.Address.Phone));   // masked: the full address only on the shipping screen (issue 19)
                csv.WriteField(PersonalData.MaskAddress(o.Address.Province, o.Address.City, o.Address.District));
                csv.WriteField(string.Join("; ", o.Lines.Select(l => $"{l.ProductName}{(l.SpecText.Length > 0 ? " " + l.SpecText : "")} ×{l.Quantity}")));
                csv.WriteField(o.Lines.Sum(l => l.Quantity).ToString(CultureInfo.InvariantCulture));
                csv.WriteField(Money(o.Subtotal));
                csv.WriteField(Money(o.Discount));
                csv.WriteField(Money(o.ShippingFee));
                csv.WriteField(Money(o.Total));
                csv.WriteField(Money(o.RefundedAmount));
                csv.WriteField(string.Join("; ", o.Parcels));
                csv.WriteField(o.Note);
                await csv.NextRecordAsync();
                count++;
            }

            await csv.FlushAsync();
            return count;
        }

        private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/orders.csv", async (HttpContext http, IMediator mediator, TenantContext tenant, TimeProvider clock, CancellationToken ct,
                OrderStatus? status = null, DateOnly? from = null, DateOnly? to = null, string? number = null, string? phone = null) =>
            {
                await using var buffer = ProductCsv.ExportBuffer();
                await mediator.Send(new Query(ListOrders.FromRoute(0, 0, status, from, to, number, phone, OrderSort.Placed, null), buffer), ct);
                http.Response.ContentType = "text/csv; charset=utf-8";
                http.Response.Headers.ContentDisposition =
                    $"attachment; filename=\"orders-{tenant.Store?.Slug}-{StoreTime.Format(tenant.Store, clock.GetUtcNow(), "yyyyMMdd-HHmm")}.csv\"";
                await buffer.DrainBufferAsync(http.Response.Body, ct);
            })
            .RequireAuthorization(Policies.Orders).WithTags("Admin orders").Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem();
}
