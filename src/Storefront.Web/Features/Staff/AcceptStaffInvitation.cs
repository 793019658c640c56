using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Accounts;
using Storefront.Domain.Common;
using Storefront.Domain.Tenancy;
using Storefront.Web.Features.Accounts;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Staff;

/// <summary>
/// The invited person accepts a staff invitation (<see cref="InviteStaff"/>) through its link, as the account of the
/// invited e-mail: signed in as it already, or proving it with its password (a failure counts towards lockout, like a
/// sign-in), or, when no account of that e-mail exists, creating one with a password of the policy. Another signed-in
/// account is refused; so are an unknown token (404), an expired or used invitation (409). Then the role is granted and
/// audited, the invitation marked used (once, even when two accept at the same moment), and the person signed in here.
/// </summary>
public static class AcceptStaffInvitation
{
    /// <summary>What the invitation page shows.</summary>
    public sealed record Query(string Token) : IRequest<View>;

    public sealed record View(string Email, StoreRole Role, DateTimeOffset ExpiresAt);

    public sealed record Command : IRequest<Result>, IAccountRateLimited
    {
        // A password is tried here as at sign-in: the same limits, counted per invitation.
        string IAccountRateLimited.RateLimitPolicy => RateLimits.SignIn;

        string? IAccountRateLimited.RateLimitAccount => "invitation:" + Token;

        [JsonIgnore]
        public string Token { get; set; } = "";

        /// <summary>The invited account's password, or the new account's.</summary>
        public string? Password { get; set; }

        /// <summary>For a new account only.</summary>
        public string? DisplayName { get; set; }
    }

    public sealed record Result(string Email, StoreRole Role);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Token).NotEmpty().MaximumLength(100);
            RuleFor(c => c.Password).MaximumLength(PasswordRules.MaximumLength).WithName(_ => SharedText.Password);
            RuleFor(c => c.DisplayName).MaximumLength(50).WithName(_ => SharedText.DisplayName);
        }
    }

    internal sealed class QueryHandler(StorefrontDb db, TimeProvider clock) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var invitation = await FindAsync(db, request.Token, cancellationToken);
            Refuse(invitation.Refusal(clock.GetUtcNow()));
            return new View(invitation.Email, invitation.Role, invitation.ExpiresAt);
        }
    }

    // Not one transaction: a wrong password must still count towards lockout, and a new account stays created. The grant
    // itself is one command (Grant).
    internal sealed class Handler(StorefrontDb db, UserManager<StaffAccount> users, SignInManager<StaffAccount> signIn,
        DummyPasswordCheck<StaffAccount> dummy, CurrentUser user, TimeProvider clock, IMediator mediator)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var invitation = await FindAsync(db, request.Token, cancellationToken);
            Refuse(invitation.Refusal(clock.GetUtcNow()));
            var account = await users.FindByNameAsync(invitation.Email);
            if (user.Principal.FindFirstValue(StoreClaims.Kind) == "staff" && user.Id is { } signedIn)
            {
                if (account?.Id != signedIn)
                {
                    Refuse(InvitationRefusal.WrongAccount);
                }
            }
            else if (account is null)
            {
                account = StaffAccount.Create(invitation.Email, request.DisplayName ?? "", clock.GetUtcNow());
                IdentityErrors.ThrowIfFailed(await users.CreateAsync(account, request.Password ?? ""));
            }
            else if (await PasswordSignIn.CheckAsync(users, signIn, dummy, invitation.Email, request.Password ?? "") is null)
            {
                throw new ValidationException([new ValidationFailure(nameof(Command.Password), SharedText.BadCredentials)]);
            }

            await mediator.Send(new Grant(invitation.Id, account!.Id, account.NormalizedEmail), cancellationToken);
            await signIn.SignInAsync(account, isPersistent: false);   // with this store's roles, the new one included
            return new Result(invitation.Email, invitation.Role);
        }
    }

    /// <summary>Marks the invitation used and grants its role, in one transaction.</summary>
    internal sealed record Grant(Guid InvitationId, Guid AccountId, string NormalizedEmail) : ICommand<bool>;

    internal sealed class GrantHandler(StorefrontDb db, TenantContext tenant, TimeProvider clock) : IRequestHandler<Grant, bool>
    {
        public async Task<bool> Handle(Grant request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var invitation = await db.StaffInvitations.AsNoTracking().SingleAsync(i => i.Id == request.InvitationId, cancellationToken);
            Refuse(invitation.Refusal(now, request.NormalizedEmail));   // in the user's words
            invitation.Accept(request.AccountId, request.NormalizedEmail, now);   // the rule (refuses used, expired, another account)
            // The claim itself is a conditional UPDATE: of two acceptances at the same moment, one wins.
            var claimed = await db.StaffInvitations
                .Where(i => i.Id == request.InvitationId && i.AcceptedAt == null && i.ExpiresAt > now)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.AcceptedAt, now).SetProperty(i => i.AcceptedBy, request.AccountId), cancellationToken);
            if (claimed == 0)
            {
                Refuse(InvitationRefusal.Used);
            }

            var storeId = tenant.RequiredId;
            if (!await db.StaffRoles.AnyAsync(r => r.StaffId == request.AccountId && r.Role == invitation.Role, cancellationToken))
            {
                db.StaffRoles.Add(StaffRoleAssignment.Grant(storeId, request.AccountId, invitation.Role, invitation.InvitedBy, now));
            }

            db.AuditLog.Add(AuditEntry.Record(storeId, request.AccountId, "staff.role-granted", request.AccountId.ToString(),
                JsonSerializer.Serialize(new { invitation.Email, Role = invitation.Role.ToString(), Invitation = invitation.Id, invitation.InvitedBy }), now));
            return true;
        }
    }

    private static async Task<StaffInvitation> FindAsync(StorefrontDb db, string token, CancellationToken ct)
    {
        var hash = InviteStaff.TokenHash(token);
        return await db.StaffInvitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, ct)
            ?? throw new NotFoundException("invitation", StaffText.InvitationInvalid);
    }

    private static void Refuse(InvitationRefusal? refusal)
    {
        if (refusal is { } r)
        {
            throw new DomainException("invitation." + r.ToString().ToLowerInvariant(), r switch
            {
                InvitationRefusal.Used => StaffText.InvitationUsed,
                InvitationRefusal.WrongAccount => StaffText.InvitationWrongAccount,
                _ => StaffText.InvitationInvalid,
            }, isConflict: true);
        }
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/admin/invitations/{token}", async (string token, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(token), ct)))
            .WithTags("Admin");
        api.MapPost("/admin/invitations/{token}/accept", async (string token, Command command, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(command with { Token = token }, ct)))
            .RequireRateLimiting(RateLimits.SignIn)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).WithTags("Admin");
    }
}
