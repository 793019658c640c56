using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Demo;

/// <summary>
/// The demo log-ins the platform console lists (role, e-mail, the shared demo password, where to sign in): only those
/// whose staff account exists, so a deployment without the demo data lists none. A store's shopper log-in is listed
/// with its owner's.
/// </summary>
public static class DemoLogins
{
    public enum Role
    {
        PlatformAdmin,
        Owner,
        Merchant,
        Operator,
        CustomerService,
        Shopper,
    }

    public sealed record Query : IRequest<IReadOnlyList<Row>>, IPlatformRequest;

    /// <summary>A log-in; <see cref="Store"/> is empty for the platform admin, <see cref="Path"/> is where to sign in.</summary>
    public sealed record Row(string Store, Role Role, string Email, string Password, string Path);

    /// <summary>Every log-in the demo seeding creates, in the order the console lists them.</summary>
    public static IReadOnlyList<Row> All { get; } =
    [
        new("", Role.PlatformAdmin, DemoData.PlatformAdminEmail, DemoData.Password, "/platform"),
        .. new[] { "demo", "acme" }.SelectMany(StoreLogins),
    ];

    private static Row[] StoreLogins(string store) =>
    [
        new(store, Role.Owner, $"owner@{store}.local", DemoData.Password, "/admin"),
        new(store, Role.Merchant, $"merchant@{store}.local", DemoData.Password, "/admin"),
        new(store, Role.Operator, $"operator@{store}.local", DemoData.Password, "/admin"),
        .. store == "demo" ? [new Row(store, Role.CustomerService, DemoShop.CustomerServiceEmail, DemoData.Password, "/admin")] : Array.Empty<Row>(),
        new(store, Role.Shopper, $"shopper@{store}.local", DemoData.Password, "/account/login"),
    ];

    public static string Label(Role role) => role switch
    {
        Role.PlatformAdmin => PlatformText.DemoRolePlatformAdmin,
        Role.Owner => PlatformText.DemoRoleOwner,
        Role.Merchant => PlatformText.DemoRoleMerchant,
        Role.Operator => PlatformText.DemoRoleOperator,
        Role.CustomerService => PlatformText.DemoRoleCustomerService,
        _ => PlatformText.DemoRoleShopper,
    };

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            var emails = All.Select(r => r.Email).ToList();
            var existing = (await db.StaffAccounts.AsNoTracking().Where(a => emails.Contains(a.Email)).Select(a => a.Email).ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            return [.. All.Where(r => existing.Contains(r.Role == Role.Shopper ? $"owner@{r.Store}.local" : r.Email))];
        }
    }
}
