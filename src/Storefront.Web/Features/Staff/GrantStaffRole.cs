using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Accounts;
using Storefront.Domain.Common;
using Storefront.Domain.Tenancy;
using Storefront.Web.Features.Accounts;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Staff;

/// <summary>
/// Gives a staff account a role in this store, creating the account when the e-mail is new (a password is then
/// required). Granting a role already held changes nothing. Written to the audit log. Only the platform console sends
/// it (AppointOwner: a platform admin appoints a store's owner); an owner adds staff by invitation (InviteStaff).
/// </summary>
public static class GrantStaffRole
{
    public sealed record Command : ICommand<Result>
    {
        public string Email { get; set; } = "";

        public string DisplayName { get; set; } = "";

        public string? Password { get; set; }

        public StoreRole Role { get; set; }
    }

    public sealed record Result(Guid StaffId, string Email, StoreRole Role, bool AccountCreated);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotEmpty().MaximumLength(254).EmailAddress().WithName(_ => SharedText.Email);
            RuleFor(c => c.DisplayName).MaximumLength(50).WithName(_ => SharedText.DisplayName);
            RuleFor(c => c.Password!).NewPassword().When(c => !string.IsNullOrEmpty(c.Password)).WithName(_ => SharedText.Password);
            RuleFor(c => c.Role).IsInEnum();
        }
    }

    internal sealed class Handler(StorefrontDb db, UserManager<StaffAccount> users, TenantContext tenant, CurrentUser user, TimeProvider clock)
        : MediatR.IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var storeId = tenant.RequiredId;
            var staff = await users.FindByNameAsync(request.Email.Trim());
            var created = staff is null;
            if (staff is null)
            {
                if (string.IsNullOrEmpty(request.Password))
                {
                    throw new ValidationException(
                        [new FluentValidation.Results.ValidationFailure(nameof(Command.Password), StaffText.PasswordRequiredForNewAccount)]);
                }

                staff = StaffAccount.Create(request.Email, request.DisplayName, now);
                IdentityErrors.ThrowIfFailed(await users.CreateAsync(staff, request.Password));
            }

            if (!await db.StaffRoles.AnyAsync(r => r.StaffId == staff.Id && r.Role == request.Role, cancellationToken))
            {
                Grant(db, storeId, staff, request.Role, user.Id, now);
            }

            return new Result(staff.Id, staff.Email, request.Role, created);
        }
    }

    /// <summary>Adds the role (not held yet) in the command's unit of work, audited. Also used by ChangeStaffRole.</summary>
    internal static void Grant(StorefrontDb db, Guid storeId, StaffAccount staff, StoreRole role, Guid? actorId, DateTimeOffset now)
    {
        db.StaffRoles.Add(StaffRoleAssignment.Grant(storeId, staff.Id, role, actorId, now));
        db.AuditLog.Add(AuditEntry.Record(storeId, actorId, "staff.role-granted", staff.Id.ToString(),
            JsonSerializer.Serialize(new { staff.Email, Role = role.ToString() }), now));
    }

}
