using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Storefront.Domain.Accounts;
using Storefront.Domain.Common;
using Storefront.Domain.Notifications;
using Storefront.Domain.Tenancy;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Staff;

/// <summary>
/// An owner adds staff by inviting an e-mail to a role: an invitation (token kept hashed, single use, 7 days) and an
/// outbox e-mail with its link, both written in this transaction and audited. Nothing is looked up by the e-mail, so
/// the answer (202, the same body) is the same whether an account of that e-mail exists or not, and no account is
/// attached: the role applies when that account accepts (<see cref="AcceptStaffInvitation"/>).
/// </summary>
public static class InviteStaff
{
    public sealed record Command : ICommand<Result>
    {
        public string Email { get; set; } = "";

        public StoreRole Role { get; set; }
    }

    public sealed record Result(string Email, StoreRole Role, DateTimeOffset ExpiresAt);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotEmpty().MaximumLength(254).EmailAddress().WithName(_ => SharedText.Email);
            RuleFor(c => c.Role).IsInEnum();
        }
    }

    internal sealed class Handler(StorefrontDb db, UserManager<StaffAccount> users, TenantContext tenant, CurrentUser user, TimeProvider clock,
        IHttpContextAccessor http, IOptions<TenancyOptions> tenancy)
        : MediatR.IRequestHandler<Command, Result>
    {
        public Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var store = tenant.Store ?? throw new Infrastructure.NotFoundException("store", SharedText.StoreNotFound);
            var token = Base64UrlToken();
            var email = request.Email.Trim();
            var invitation =
                StaffInvitation.Create(store.Id, email, users.NormalizeName(email) ?? email.ToUpperInvariant(), request.Role, TokenHash(token), user.Id, now);
            db.StaffInvitations.Add(invitation);
            db.AuditLog.Add(AuditEntry.Record(store.Id, user.Id, "staff.invited", invitation.Id.ToString(),
                JsonSerializer.Serialize(new { invitation.Email, Role = request.Role.ToString(), invitation.ExpiresAt }), now));

            var link = $"{StoreOrigin(store)}/admin/invitations/{token}";
            var expires = StoreTime.Format(store, invitation.ExpiresAt);
            db.Outbox.Add(OutboxMessage.Create(store.Id, "staff.invited", email,
                string.Format(System.Globalization.CultureInfo.CurrentCulture, StaffText.InvitationMailSubject, store.Name),
                string.Format(
                    System.Globalization.CultureInfo.CurrentCulture, StaffText.InvitationMailBody, StaffLabels.Role(request.Role), store.Name, expires, link),
                now));
            return Task.FromResult(new Result(email, request.Role, invitation.ExpiresAt));
        }

        /// <summary>Where the store is served: the request's own origin when it came to the store's host, else its {slug}.{base domain}.</summary>
        private string StoreOrigin(StoreInfo store) => http.HttpContext?.Request is { Host.HasValue: true } r
            ? $"{r.Scheme}://{r.Host}"
            : $"https://{store.Slug}.{tenancy.Value.BaseDomain}";
    }

    /// <summary>The link's secret: 256 random bits, URL-safe.</summary>
    internal static string Base64UrlToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/staff", async (Command command, MediatR.IMediator mediator, CancellationToken ct) =>
                TypedResults.Accepted((string?)null, await mediator.Send(command, ct)))
            .ProducesValidationProblem()
            .RequireAuthorization(Policies.StoreOwner).WithTags("Admin");
}
