using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Storefront.Domain.Tenancy;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Infrastructure.Identity;

/// <summary>
/// Who may use what. Every admin page and endpoint names one of these. A store policy holds only for a principal
/// that signed in at the store of the current request, so a role at store A is worth nothing at store B.
/// </summary>
public static class Policies
{
    public const string Shopper = "shopper";
    public const string Staff = "staff";
    public const string Catalog = "catalog";
    public const string Orders = "orders";
    public const string Marketing = "marketing";
    public const string Insight = "insight";
    public const string AfterSales = "after-sales";
    public const string StoreOwner = "store-owner";
    public const string PlatformAdmin = "platform-admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Shopper, p => p.AddRequirements(new StoreMemberRequirement("shopper", [])));
        options.AddPolicy(Staff, p => p.AddRequirements(new StoreMemberRequirement("staff", [])));
        options.AddPolicy(Catalog, p => p.AddRequirements(new StoreMemberRequirement("staff", [StoreRole.Owner, StoreRole.Merchant])));
        options.AddPolicy(Orders, p => p.AddRequirements(new StoreMemberRequirement("staff", [StoreRole.Owner, StoreRole.Merchant])));
        options.AddPolicy(Marketing, p => p.AddRequirements(new StoreMemberRequirement("staff", [StoreRole.Owner, StoreRole.Operator])));
        options.AddPolicy(Insight, p => p.AddRequirements(new StoreMemberRequirement("staff", [StoreRole.Owner, StoreRole.Operator])));
        options.AddPolicy(
            AfterSales, p => p.AddRequirements(new StoreMemberRequirement("staff", [StoreRole.Owner, StoreRole.Merchant, StoreRole.CustomerService])));
        options.AddPolicy(StoreOwner, p => p.AddRequirements(new StoreMemberRequirement("staff", [StoreRole.Owner])));
        options.AddPolicy(PlatformAdmin, p => p.RequireClaim(StoreClaims.PlatformAdmin, "true").RequireClaim(StoreClaims.Kind, "staff"));
    }
}

/// <summary>Signed in as this kind of account at the current store, holding one of the roles (any role when none are named).</summary>
public sealed record StoreMemberRequirement(string Kind, StoreRole[] Roles) : IAuthorizationRequirement;

internal sealed class StoreMemberHandler(TenantContext tenant) : AuthorizationHandler<StoreMemberRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, StoreMemberRequirement requirement)
    {
        var user = context.User;
        var atThisStore = tenant.Id is { } storeId && user.FindFirstValue(StoreClaims.Store) == storeId.ToString();
        var kind = user.FindFirstValue(StoreClaims.Kind) == requirement.Kind;
        var role = requirement.Kind == "shopper" || (requirement.Roles.Length == 0
            ? user.HasClaim(c => c.Type == ClaimTypes.Role)
            : requirement.Roles.Any(r => user.IsInRole(r.ToString())));
        if (atThisStore && kind && role)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
