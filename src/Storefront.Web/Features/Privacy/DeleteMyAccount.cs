using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Accounts;
using Storefront.Domain.AfterSales;
using Storefront.Domain.Ordering;
using Storefront.Domain.Privacy;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Privacy;

/// <summary>
/// The signed-in shopper deletes their account, confirming with their password. Refused while an order or after-sales
/// case is open (<see cref="PersonalData.EnsureErasable"/>). Otherwise, in one transaction: the account's name, e-mail and
/// password are replaced for good (<see cref="Shopper.Erase"/>), its address book deleted, its orders keep their amounts
/// but lose recipient, phone, street and note, its reviews show the erased name, e-mails to it leave the outbox (and its
/// phone and street any other message), and every session ends. Consents, points and coupons hold no personal field and
/// stay, keyed by the account's id. The same e-mail may then register afresh.
/// </summary>
public static class DeleteMyAccount
{
    public sealed record Command : ICommand<bool>
    {
        public string Password { get; set; } = "";
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Password).NotEmpty().MaximumLength(100).WithName(_ => SharedText.Password);
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, IPasswordHasher<Shopper> hasher, AccountSessions sessions,
        IHttpContextAccessor http, TimeProvider clock) : IRequestHandler<Command, bool>
    {
        private static readonly OrderStatus[] OpenOrders = [OrderStatus.PendingPayment, OrderStatus.Paid, OrderStatus.Shipped];

        public async Task<bool> Handle(Command request, CancellationToken cancellationToken)
        {
            var ct = cancellationToken;
            var id = user.RequiredId;
            var shopper = await db.Shoppers.SingleAsync(s => s.Id == id, ct);
            if (shopper.PasswordHash is null
                || hasher.VerifyHashedPassword(shopper, shopper.PasswordHash, request.Password) == PasswordVerificationResult.Failed)
            {
                throw new ValidationException([new ValidationFailure(nameof(Command.Password), PrivacyText.WrongPassword)]);
            }

            PersonalData.EnsureErasable(
                await db.Orders.CountAsync(o => o.ShopperId == id && OpenOrders.Contains(o.Status), ct),
                await db.AfterSalesCases.CountAsync(c => c.ShopperId == id && AfterSalesCase.OpenStatuses.Contains(c.Status), ct));

            var tenantId = shopper.TenantId;
            var email = shopper.Email;
            var addresses = await db.Addresses.AsNoTracking().Where(a => a.ShopperId == id)
                .Select(a => new { a.Address.Phone, a.Address.Street }).ToListAsync(ct);
            var orderAddresses = await db.Orders.AsNoTracking().Where(o => o.ShopperId == id)
                .Select(o => new { o.Address.Phone, o.Address.Street }).ToListAsync(ct);
            var secrets = addresses.Concat(orderAddresses).SelectMany(a => new[] { a.Phone, a.Street }).Where(s => s.Length >= 4).Distinct().ToList();

            shopper.Erase(clock.GetUtcNow());
            await db.Database.ExecuteSqlAsync($"delete from shopper_addresses where tenant_id = {tenantId} and shopper_id = {id}", ct);
            await db.Database.ExecuteSqlAsync($"delete from cart_lines where tenant_id = {tenantId} and owner_id = {id}", ct);
            await db.Database.ExecuteSqlAsync(
                $"""
                update orders set ship_name = {PersonalData.Erased}, ship_phone = {PersonalData.Erased}, ship_street = {PersonalData.Erased}, note = ''
                where tenant_id = {tenantId} and shopper_id = {id}
                """, ct);
            await db.Database.ExecuteSqlAsync($"update reviews set anonymous = true where tenant_id = {tenantId} and shopper_id = {id}", ct);
            // Tracked visits hold a random visitor id only; this link was all that tied the account's orders to it (0042).
            await db.Database.ExecuteSqlAsync(
                $"""
                delete from visit_orders v using orders o
                where v.tenant_id = {tenantId} and o.tenant_id = v.tenant_id and o.id = v.order_id and o.shopper_id = {id}
                """, ct);
            // Where the shopper's coupons were claimed from (风控, decision 0041): the IP and the address key go too.
            await db.Database.ExecuteSqlAsync(
                $"update shopper_coupons set claim_ip = null, claim_address_key = null where tenant_id = {tenantId} and shopper_id = {id}", ct);
            await db.Database.ExecuteSqlAsync($"delete from outbox_messages where tenant_id = {tenantId} and \"to\" = {email}", ct);
            foreach (var secret in secrets)
            {
                await db.Database.ExecuteSqlAsync(
                    $"""
                    update outbox_messages set subject = replace(subject, {secret}, {PersonalData.Stars}), body = replace(body, {secret}, {PersonalData.Stars})
                    where tenant_id = {tenantId} and (strpos(subject, {secret}) > 0 or strpos(body, {secret}) > 0)
                    """, ct);
            }

            await sessions.EndAsync(db, "shopper", id, only: null, except: null, ct);
            if (http.HttpContext is { } context)
            {
                await context.SignOutAsync(StoreClaims.ShopperScheme);
            }

            return true;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapCommand<Command, bool>("/account/delete").RequireAuthorization(Policies.Shopper).WithTags("Account");
}
