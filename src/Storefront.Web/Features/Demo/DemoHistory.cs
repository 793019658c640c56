using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Accounts;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Ordering;
using Storefront.Domain.Pricing;
using Storefront.Domain.Reviews;
using Storefront.Web.Features.AfterSales;
using Storefront.Web.Features.Members;
using Storefront.Web.Features.PaymentSandbox;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Features.Accounts;
using Storefront.Web.Infrastructure.Media;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Demo;

/// <summary>
/// Three months of the demo store's trade: a dozen shoppers and about 160 orders placed over the past 90 days, each
/// driven through the domain's own moves at its own past time (Order.Place priced by the PricingEngine, stock reserved,
/// released or deducted by <see cref="SkuStock"/>, MarkPaid with a sandbox payment, Ship, ConfirmReceipt with points and
/// regrading by <see cref="Membership"/>), so stock, points, tiers and totals agree. Completed orders get reviews (some
/// with photos); some get after-sales cases. The newest orders are still 待付款 / 待发货 / 已发货. Runs only on a store
/// without orders; seeded random, so every run tells the same story relative to now. All orders in one unit of work
/// (one connection and transaction, one commit): all of the history or none (docs/decisions/0032).
/// </summary>
internal static class DemoHistory
{
    private static readonly string[] Names =
        ["小红", "阿强", "王芳", "李雷", "韩梅梅", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "周杰", "吴桐"];

    private static readonly (string Province, string City, string District)[] Places =
    [
        ("广东省", "深圳市", "南山区"), ("浙江省", "杭州市", "西湖区"), ("北京市", "北京市", "朝阳区"), ("上海市", "上海市", "浦东新区"),
        ("四川省", "成都市", "武侯区"), ("江苏省", "南京市", "鼓楼区"), ("湖北省", "武汉市", "洪山区"),
    ];

    private static readonly (int Stars, string Text)[] Reviews =
    [
        (5, "质量很好，和描述一致，物流也快，会回购。"), (5, "包装很用心，做工精致，送朋友很有面子。"), (5, "用了一周才来评价，非常满意！"),
        (4, "整体不错，性价比高，就是快递慢了一天。"), (4, "颜色比图片稍深一点，但质感很好。"), (4, "东西挺好，客服回复也及时。"),
        (3, "一般般吧，能用，没有特别惊喜。"), (2, "尺码偏小，建议买大一号。"), (1, "收到有划痕，联系客服处理中。"),
    ];

    public static async Task<int> SeedAsync(IServiceProvider services, StoreInfo store, DateTimeOffset now, CancellationToken ct)
    {
        var scopes = services.GetRequiredService<StoreScopes>();
        List<Guid> shoppers;
        List<(Guid SkuId, Guid ProductId, Guid? CategoryId, string Name, string Slug, string Code, string Spec, string? Image, decimal Price, int Weight)> skus;
        Dictionary<Guid, int> available;
        ShippingTemplate shipping;
        await using (var scope = scopes.For(store))
        {
            var lookup = scope.ServiceProvider.GetRequiredService<StorefrontDb>();
            if (await lookup.Orders.AnyAsync(ct))
            {
                return 0;
            }

            var users = scope.ServiceProvider.GetRequiredService<UserManager<Shopper>>();
            for (var i = 0; i < Names.Length; i++)
            {
                var shopper = Shopper.Create(store.Id, $"customer{i + 1:00}@{store.Slug}.local", Names[i], now.AddDays(-100 + i));
                IdentityErrors.ThrowIfFailed(await users.CreateAsync(shopper));   // no password: they only stand behind the history
            }

            shoppers = await lookup.Shoppers.OrderBy(s => s.Email).Select(s => s.Id).ToListAsync(ct);
            shipping = await lookup.ShippingTemplates.AsNoTracking().SingleAsync(t => t.IsDefault, ct);
            skus = [.. (await lookup.Skus.AsNoTracking()
                    .Join(lookup.Products.Where(p => p.CategoryId != null), s => s.ProductId, p => p.Id, (s, p) => new { s, p })
                    .Where(x => x.s.OnHand >= 20)
                    .OrderBy(x => x.s.Code)
                    .ToListAsync(ct))
                .Select(x => (x.s.Id, x.p.Id, x.p.CategoryId, x.p.Name, x.p.Slug, x.s.Code, x.s.SpecText, x.s.Image ?? x.p.Images.FirstOrDefault(),
                    x.s.Price, x.s.WeightGrams))];
            available = await lookup.Skus.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.OnHand - s.Reserved, ct);
        }

        var random = new Random(42);
        await using var work = scopes.For(store);
        var images = work.ServiceProvider.GetRequiredService<ImageStore>();   // the store's own images
        var photos = new List<string>();
        foreach (var (rgb, shape) in new[]
            { (0xD9C8A9, DemoPictures.Shape.Square), (0xA8C5DA, DemoPictures.Shape.Circle), (0xE3B7C8, DemoPictures.Shape.Ring) })
        {
            photos.Add(await images.SaveAsync(new MemoryStream(DemoPictures.Draw(rgb, shape, "PHOTO", photos.Count)), ct));
        }

        var placed = 0;
        var db = work.ServiceProvider.GetRequiredService<StorefrontDb>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        for (var i = 0; i < 160; i++)
        {
            // Oldest first: days 90 … 3 before now at a shop's busy hours (10:00-22:00 Beijing), then six within the last two
            // days (paid, not shipped yet), and the last four minutes old (awaiting payment).
            var day = 90 - i * 88 / 150;
            var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
            var at2 = i >= 156 ? now.AddMinutes(-3 - (159 - i) * 4)
                : i >= 150 ? now.AddHours(-6 - (155 - i) * 6)
                : midnight.AddDays(-day).AddHours(2 + random.Next(13)).AddMinutes(random.Next(60));
            var shopperId = shoppers[random.Next(shoppers.Count)];
            var lines = Enumerable.Range(0, random.Next(3) == 0 ? 2 : 1).Select(_ => skus[random.Next(skus.Count)]).DistinctBy(s => s.SkuId)
                .Select(s => (Sku: s, Quantity: random.Next(4) == 0 ? 2 : 1)).ToList();
            // Sold out meanwhile: the shopper goes elsewhere. Nothing else sells while the shop is seeded, so what is left is
            // known here (and checked before reserving: one transaction holds the whole history).
            if (lines.Any(l => available[l.Sku.SkuId] < l.Quantity))
            {
                continue;
            }

            var shortOf = await SkuStock.ReserveAsync(db, store.Id, lines.Select(l => (l.Sku.SkuId, l.Quantity)), ct);
            if (shortOf.Count > 0)
            {
                throw new InvalidOperationException("Demo history: stock moved while the demo shop was being seeded.");
            }

            var quote = PricingEngine.Price(new PricingRequest(
                [.. lines.Select(l => new PricingLine(l.Sku.SkuId, l.Sku.ProductId, l.Sku.CategoryId, l.Sku.Price, l.Quantity, l.Sku.Weight))],
                shipping, at2, PricingContext.None));
            var place = Places[random.Next(Places.Length)];
            var address = ShippingAddress.Create(
                Names[random.Next(Names.Length)], $"13{random.Next(100_000_000, 999_999_999)}", place.Province, place.City, place.District,
                $"科技路 {random.Next(1, 300)} 号 {random.Next(1, 30)} 栋 {random.Next(101, 2501)} 室");
            var order = Order.Place(store.Id, await OrderNumbers.NextAsync(db, at2, store.TimeZone, ct), shopperId, address, shipping,
                [.. lines.Select(l => new OrderItem(l.Sku.ProductId, l.Sku.SkuId, l.Sku.Name, l.Sku.Slug, l.Sku.Code, l.Sku.Spec, l.Sku.Image,
                    l.Sku.Weight, l.Quantity))],
                quote, null, null, TimeSpan.FromMinutes(30), at2);
            db.Orders.Add(order);
            await MoveAsync(db, store, order, i, at2, now, random, photos, ct);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();   // the next order's saves need not look at this one's rows again
            if (order.Status != OrderStatus.Cancelled)
            {
                foreach (var line in order.Lines)
                {
                    available[line.SkuId] -= line.Quantity;   // reserved, or shipped (on hand and reserved down together)
                }
            }

            placed++;
        }

        // Units sold, as the product lists' 销量 sort reads them (nothing else keeps this column for seeded orders).
        await db.Database.ExecuteSqlAsync($"""
            update products p set sales_count = s.sold
            from (select l.product_id, sum(l.quantity)::int as sold from order_lines l join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
                  where o.paid_at is not null group by l.product_id) s
            where p.tenant_id = {store.Id} and p.id = s.product_id
            """, ct);
        await tx.CommitAsync(ct);
        return placed;
    }

    /// <summary>Moves the order as far as its age allows: cancelled, or paid → shipped → completed (reviewed, sometimes after-sales).</summary>
    private static async Task MoveAsync(StorefrontDb db, StoreInfo store, Order order, int index, DateTimeOffset at, DateTimeOffset now, Random random,
        List<string> photos, CancellationToken ct)
    {
        var age = now - at;
        var shopper = OrderActor.Shopper(order.ShopperId);
        if (age < TimeSpan.FromHours(1))
        {
            return;   // 待付款: placed minutes ago
        }

        if (random.Next(10) == 0)
        {
            order.Cancel(shopper, "不想要了", at.AddMinutes(12));
            await SkuStock.ReleaseAsync(db, order, ct);
            return;
        }

        var paidAt = at.AddMinutes(2);
        var payment = Payment.Start(store.Id, order.Id, SandboxGateway.ProviderName, order.Total, at.AddMinutes(1));
        var reference = $"SBX{order.Number}";
        payment.Complete(true, reference, paidAt);
        db.Payments.Add(payment);
        order.MarkPaid(order.Total, reference, paidAt);
        if (age < TimeSpan.FromDays(2))
        {
            return;   // 待发货
        }

        var shippedAt = paidAt.AddHours(20);
        order.Ship(random.Next(2) == 0 ? "顺丰速运" : "中通快递", $"SF{1_300_000_000L + index * 7919L}", [], OrderActor.Staff(null),
            TimeSpan.FromDays(10), shippedAt);
        await SkuStock.DeductAsync(db, store.Id, order.Lines.Select(l => (l.SkuId, l.Quantity)), ct);
        if (age < TimeSpan.FromDays(6))
        {
            return;   // 已发货
        }

        var completedAt = shippedAt.AddDays(2 + random.Next(3));
        order.ConfirmReceipt(shopper, completedAt);
        await Membership.OrderCompletedAsync(db, order, completedAt, ct);
        var line = order.Lines[0];
        if (random.Next(10) < 7)
        {
            var (stars, text) = Reviews[random.Next(Reviews.Length)];
            var withPhotos = random.Next(3) == 0 ? photos.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToList() : [];
            db.Reviews.Add(Review.Write(order, line.Id, order.ShopperId, stars, text, withPhotos, anonymous: random.Next(4) == 0,
                completedAt.AddHours(6)));
        }

        // After-sales on some: a return asked within the 7-day window; older ones were answered by the merchant.
        if (index % 9 == 4 && completedAt.AddDays(1) < now)
        {
            var openedAt = completedAt.AddDays(1);
            var policy = await CaseOrders.PolicyAsync(db, store.Id, ct);
            var reason = index % 2 == 0 ? AfterSalesReason.QualityProblem : AfterSalesReason.NoReason;
            var @case = AfterSalesCase.Open(order,
                new AfterSalesRequest(line.Id, AfterSalesKind.ReturnAndRefund, reason, 1, "收到后发现和预期不符，申请退货。", [.. photos.Take(1)]),
                [], policy, null, openedAt);
            if (now - openedAt > TimeSpan.FromDays(2))
            {
                if (index % 3 == 0)
                {
                    @case.Reject(OrderActor.Staff(null), "商品已拆封使用，不支持无理由退货。", openedAt.AddHours(5));
                }
                else
                {
                    @case.Approve(OrderActor.Staff(null), "广东省深圳市南山区科技园 示例商店售后部 收", openedAt.AddHours(5));
                }
            }

            db.AfterSalesCases.Add(@case);
        }
    }
}
