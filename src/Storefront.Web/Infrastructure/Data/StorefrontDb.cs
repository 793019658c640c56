using System.Linq.Expressions;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Accounts;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Catalog;
using Storefront.Domain.Common;
using Storefront.Domain.Members;
using Storefront.Domain.Notifications;
using Storefront.Domain.Ordering;
using Storefront.Domain.Ordering.Risk;
using Storefront.Domain.Privacy;
using Storefront.Domain.Promotions;
using Storefront.Domain.Reviews;
using Storefront.Domain.Tenancy;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Data;

/// <summary>
/// The one DbContext. Store-owned entities (<see cref="ITenantOwned"/>) get a global query filter on the current
/// store: the first of two guards; PostgreSQL row-level security (keyed on app.tenant_id, set by
/// <see cref="TenantSessionInterceptor"/> on every connection this context opens) is the second.
/// Instances come from EF's context pool (a context's internal services are built once, not for every request): a scope
/// gets one through <see cref="Lease"/>, which hands it the scope's store and clears what a previous scope left on it.
/// </summary>
public sealed class StorefrontDb(DbContextOptions<StorefrontDb> options) : DbContext(options)
{
    private TenantContext? _tenant;

    /// <summary>The current store; none (no rows pass the filters) until a scope leases this context.</summary>
    public Guid? TenantId => _tenant?.Id;

    /// <summary>The cluster the current store lives on (null: the default one, <see cref="StoreClusters"/>).</summary>
    public string? Cluster => _tenant?.Store?.Cluster;

    /// <summary>The cluster this context's connection string points at now (null: the default); set when it opens.</summary>
    internal string? OpenedOn { get; set; }

    /// <summary>A context of the read replica's pool: it stays on its own connection string.</summary>
    internal bool Replica { get; set; }

    /// <summary>
    /// Set by SQL that changed what the storefront shows behind the change tracker's back without saying which products
    /// it changed: the command's transaction announces a change of the whole catalog at commit and clears it.
    /// </summary>
    public bool CatalogChanged { get; set; }

    /// <summary>
    /// Products whose SKUs or rows SQL changed behind the change tracker's back (a SKU sold out by an order, back in
    /// stock by a release: <see cref="SkuStock"/>; a stock adjustment): the command's transaction announces a change of
    /// these products at commit (the search index reloads only them) and clears the set.
    /// </summary>
    public HashSet<Guid> ChangedProducts { get; } = [];

    private readonly List<Action> _committed = [];

    /// <summary>
    /// Runs <paramref name="action"/> once the unit of work's transaction commits (TransactionBehavior), or now when
    /// there is none: for what must follow a committed change only, like forgetting a cached account (AccountSessions).
    /// </summary>
    public void OnCommitted(Action action)
    {
        if (Database.CurrentTransaction is null)
        {
            action();
        }
        else
        {
            _committed.Add(action);
        }
    }

    /// <summary>The transaction committed: runs what waited for it.</summary>
    internal void Committed()
    {
        var actions = _committed.ToArray();
        _committed.Clear();
        foreach (var action in actions)
        {
            action();
        }
    }

    /// <summary>
    /// A statement failed on this context's connection since it was opened: its prepared statements are discarded before
    /// it goes back to the pool (<see cref="FailedConnections"/>).
    /// </summary>
    internal bool ConnectionFailed { get; set; }

    /// <summary>
    /// Behind PgBouncer: the store is set per transaction and per statement, not per connection (<see cref="TenantSessionInterceptor"/>).
    /// </summary>
    internal bool TenantPerTransaction { get; private set; }

    /// <summary>While a staff command runs (AuditBehavior): its audit record, which every save of the command feeds.</summary>
    internal AuditScope? Audit { get; set; }

    /// <summary>
    /// Readies a context taken from the pool for a scope (registered as the scope's StorefrontDb in Program): its store is
    /// the scope's, the catalog-change marks are clear, and a command's changes are saved once, inside its transaction
    /// (TransactionBehavior), where a failed save fails the command: no SAVEPOINT / RELEASE SAVEPOINT round trips around
    /// every save (EF resets this setting when the context returns to the pool).
    /// </summary>
    internal StorefrontDb Lease(TenantContext tenant, bool tenantPerTransaction = false)
    {
        _tenant = tenant;
        TenantPerTransaction = tenantPerTransaction;
        if (tenantPerTransaction)
        {
            Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;   // every save sets the store when it begins
        }

        CatalogChanged = false;
        ChangedProducts.Clear();
        _committed.Clear();
        Database.AutoSavepointsEnabled = false;
        ConnectionFailed = false;
        Audit = null;
        return this;
    }

    /// <summary>
    /// Goes back to the pool through EF's synchronous reset, which closes the connection and forgets how often the code
    /// opened it itself. EF Core 10's asynchronous reset closes it but keeps that count when a handler opened the
    /// connection without closing it (a search, the product page): the next lease's first query then reopens it and leaves
    /// it open for the rest of that scope, in the store its first open saw (none, for the store lookup that comes before
    /// the store is known), so every later query of the scope would find no rows (TenantIsolationTests). Closing hands the
    /// connection back to Npgsql's pool without a round trip (this pool does not reset connections on close).
    /// </summary>
    public override ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Returns to the pool; a connection still open after a failure is cleaned first (<see cref="FailedConnections"/>).</summary>
    public override void Dispose()
    {
        if (ConnectionFailed)
        {
            FailedConnections.Clean(this, Database.GetDbConnection());
        }

        base.Dispose();
    }

    public DbSet<Store> Stores => Set<Store>();

    public DbSet<StaffAccount> StaffAccounts => Set<StaffAccount>();

    public DbSet<StaffRoleAssignment> StaffRoles => Set<StaffRoleAssignment>();

    public DbSet<StaffInvitation> StaffInvitations => Set<StaffInvitation>();

    public DbSet<Shopper> Shoppers => Set<Shopper>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Sku> Skus => Set<Sku>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<CategorySlugRedirect> CategoryRedirects => Set<CategorySlugRedirect>();

    public DbSet<StockAdjustment> StockAdjustments => Set<StockAdjustment>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<CartLine> CartLines => Set<CartLine>();

    public DbSet<ShopperAddress> Addresses => Set<ShopperAddress>();

    public DbSet<ShippingTemplate> ShippingTemplates => Set<ShippingTemplate>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    public DbSet<OrderEvent> OrderEvents => Set<OrderEvent>();

    public DbSet<Shipment> Shipments => Set<Shipment>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<Refund> Refunds => Set<Refund>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<ItemDiscount> ItemDiscounts => Set<ItemDiscount>();

    public DbSet<OrderPromotion> OrderPromotions => Set<OrderPromotion>();

    public DbSet<Coupon> Coupons => Set<Coupon>();

    public DbSet<ShopperCoupon> ShopperCoupons => Set<ShopperCoupon>();

    public DbSet<FlashSale> FlashSales => Set<FlashSale>();

    public DbSet<FlashSaleItem> FlashSaleItems => Set<FlashSaleItem>();

    public DbSet<MemberTier> MemberTiers => Set<MemberTier>();

    public DbSet<MemberAccount> MemberAccounts => Set<MemberAccount>();

    public DbSet<PointsEntry> PointsEntries => Set<PointsEntry>();

    public DbSet<AfterSalesCase> AfterSalesCases => Set<AfterSalesCase>();

    public DbSet<AfterSalesEvent> AfterSalesEvents => Set<AfterSalesEvent>();

    public DbSet<Complaint> Complaints => Set<Complaint>();

    public DbSet<Review> Reviews => Set<Review>();

    public DbSet<SynonymGroup> SynonymGroups => Set<SynonymGroup>();

    public DbSet<SearchCount> SearchCounts => Set<SearchCount>();

    public DbSet<PrivacyPolicy> PrivacyPolicies => Set<PrivacyPolicy>();

    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();

    public DbSet<RiskSettings> RiskSettings => Set<RiskSettings>();

    public DbSet<RecommendationSettings> RecommendationSettings => Set<RecommendationSettings>();

    public DbSet<ProductRecommendation> ProductRecommendations => Set<ProductRecommendation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(StorefrontDb).Assembly);

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(entity.ClrType))
            {
                entity.SetQueryFilter(TenantFilter(entity.ClrType));
            }

            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
                if ((Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType).IsEnum)
                {
                    property.SetProviderClrType(typeof(string));
                }
            }
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardTenant();
        Audit?.Saving(this);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardTenant();
        Audit?.Saving(this);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Refuse, before the database does, to write a row of a store other than the current one.</summary>
    private void GuardTenant()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                GuardTenant(entry.Entity);
            }
        }
    }

    /// <summary>Refuses to write <paramref name="row"/> when it belongs to a store other than the current one (also for <see cref="NewRows"/>).</summary>
    internal void GuardTenant(ITenantOwned row)
    {
        if (row.TenantId != TenantId)
        {
            throw new InvalidOperationException($"Refusing to write {row.GetType().Name} of another store.");
        }
    }

    private LambdaExpression TenantFilter(Type type)
    {
        var entity = Expression.Parameter(type, "e");
        var body = Expression.Equal(
            Expression.Convert(Expression.Property(entity, nameof(ITenantOwned.TenantId)), typeof(Guid?)),
            Expression.Property(Expression.Constant(this), nameof(TenantId)));
        return Expression.Lambda(body, entity);
    }

    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }
}
