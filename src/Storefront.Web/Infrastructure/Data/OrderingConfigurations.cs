using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Storefront.Domain.Notifications;
using Storefront.Domain.Ordering;
using Storefront.Domain.Ordering.Risk;
using Storefront.Domain.Pricing;

namespace Storefront.Web.Infrastructure.Data;

// Mapping of the ordering tables (migration 0009_ordering.sql). Money columns are numeric(12, 2).

internal sealed class CartLineConfiguration : IEntityTypeConfiguration<CartLine>
{
    public void Configure(EntityTypeBuilder<CartLine> b)
    {
        b.ToTable("cart_lines");
        b.HasKey(l => new { l.TenantId, l.OwnerId, l.SkuId });
        b.Property(l => l.PriceWhenAdded).HasPrecision(12, 2);
    }
}

internal sealed class ShopperAddressConfiguration : IEntityTypeConfiguration<ShopperAddress>
{
    public void Configure(EntityTypeBuilder<ShopperAddress> b)
    {
        b.ToTable("shopper_addresses");
        b.HasKey(a => new { a.TenantId, a.Id });
        b.ComplexProperty(a => a.Address, AddressColumns.Map(prefix: ""));
    }
}

internal sealed class ShippingTemplateConfiguration : IEntityTypeConfiguration<ShippingTemplate>
{
    public void Configure(EntityTypeBuilder<ShippingTemplate> b)
    {
        b.ToTable("shipping_templates");
        b.HasKey(t => new { t.TenantId, t.Id });
        b.Property(t => t.Fee).HasPrecision(12, 2);
        b.Property(t => t.FreeAbove).HasPrecision(12, 2);
        b.Property(t => t.AdditionalFee).HasPrecision(12, 2);
        b.Property(t => t.RegionCodes).HasColumnName("region_codes");
    }
}

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.ToTable("orders");
        b.HasKey(o => new { o.TenantId, o.Id });
        b.HasIndex(o => new { o.TenantId, o.Number }).IsUnique();
        b.ComplexProperty(o => o.Address, AddressColumns.Map(prefix: "ship_"));
        foreach (var money in new[] { nameof(Order.Subtotal), nameof(Order.Discount), nameof(Order.ShippingFee), nameof(Order.Total),
                nameof(Order.RefundedAmount), nameof(Order.PointsDeduction) })
        {
            b.Property(money).HasPrecision(12, 2);
        }

        b.Property(o => o.Adjustments).HasColumnType("jsonb").HasConversion(JsonColumn.Converter<List<Adjustment>>(), JsonColumn.Comparer<List<Adjustment>>());
        b.Property(o => o.PointsMultiplier).HasPrecision(4, 1);
        b.Property(o => o.RiskReasons).HasColumnType("jsonb")
            .HasConversion(JsonColumn.Converter<List<RiskReason>>(), JsonColumn.Comparer<List<RiskReason>>());
        b.Property(o => o.Version).IsConcurrencyToken();
        b.Ignore(o => o.RefundDue);
        b.HasMany(o => o.Lines).WithOne().HasForeignKey(l => new { l.TenantId, l.OrderId }).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(o => o.Events).WithOne().HasForeignKey(e => new { e.TenantId, e.OrderId }).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(o => o.Shipments).WithOne().HasForeignKey(s => new { s.TenantId, s.OrderId }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> b)
    {
        b.ToTable("order_lines");
        b.HasKey(l => new { l.TenantId, l.Id });
        foreach (var money in new[] { nameof(OrderLine.UnitPrice), nameof(OrderLine.Subtotal), nameof(OrderLine.Discount), nameof(OrderLine.PaidAmount) })
        {
            b.Property(money).HasPrecision(12, 2);
        }

        b.Property(l => l.Adjustments).HasColumnType("jsonb").HasConversion(JsonColumn.Converter<List<Adjustment>>(), JsonColumn.Comparer<List<Adjustment>>());
        b.Ignore(l => l.UnshippedQuantity);
    }
}

internal sealed class OrderEventConfiguration : IEntityTypeConfiguration<OrderEvent>
{
    public void Configure(EntityTypeBuilder<OrderEvent> b)
    {
        b.ToTable("order_events");
        b.HasKey(e => new { e.TenantId, e.Id });
    }
}

internal sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> b)
    {
        b.ToTable("shipments");
        b.HasKey(s => new { s.TenantId, s.Id });
        b.Property(s => s.Lines).HasColumnType("jsonb").HasConversion(JsonColumn.Converter<List<ShipmentLine>>(), JsonColumn.Comparer<List<ShipmentLine>>());
    }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        b.ToTable("payments");
        b.HasKey(p => new { p.TenantId, p.Id });
        b.Property(p => p.Amount).HasPrecision(12, 2);
    }
}

internal sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> b)
    {
        b.ToTable("refunds");
        b.HasKey(r => new { r.TenantId, r.Id });
        b.HasIndex(r => new { r.TenantId, r.IdempotencyKey }).IsUnique();
        b.Property(r => r.Amount).HasPrecision(12, 2);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("outbox_messages");
        b.HasKey(m => new { m.TenantId, m.Id });
    }
}

/// <summary>The address columns an order and an address-book entry share.</summary>
internal static class AddressColumns
{
    public static Action<ComplexPropertyBuilder<ShippingAddress>> Map(string prefix) => a =>
    {
        a.Property(x => x.Name).HasColumnName(prefix + "name");
        a.Property(x => x.Phone).HasColumnName(prefix + "phone");
        a.Property(x => x.Province).HasColumnName(prefix + "province");
        a.Property(x => x.City).HasColumnName(prefix + "city");
        a.Property(x => x.District).HasColumnName(prefix + "district");
        a.Property(x => x.Street).HasColumnName(prefix + "street");
        a.Property(x => x.ProvinceCode).HasColumnName(prefix + "province_code");
        a.Property(x => x.CityCode).HasColumnName(prefix + "city_code");
        a.Property(x => x.DistrictCode).HasColumnName(prefix + "district_code");
        a.Ignore(x => x.OneLine);
    };
}

internal sealed class RiskSettingsConfiguration : IEntityTypeConfiguration<RiskSettings>
{
    public void Configure(EntityTypeBuilder<RiskSettings> b)
    {
        b.ToTable("risk_settings");
        b.HasKey(r => r.TenantId);
        b.Property(r => r.HighAmount).HasPrecision(12, 2);
        b.Ignore(r => r.Values);
    }
}
