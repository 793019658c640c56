using Microsoft.AspNetCore.Identity;
using Storefront.Domain.Accounts;

namespace Storefront.Web.Infrastructure.Identity;

/// <summary>
/// Identity's password check for shoppers and staff alike (registration, password change, new staff accounts):
/// the rule in <see cref="PasswordRules"/>, with messages in the user's language. Its codes begin with "Password", so
/// the account pages show them beside the password field.
/// </summary>
internal sealed class PasswordPolicy<TUser> : IPasswordValidator<TUser>
    where TUser : class
{
    public const string TooShort = "PasswordTooShort";
    public const string TooCommon = "PasswordTooCommon";

    public Task<IdentityResult> ValidateAsync(UserManager<TUser> manager, TUser user, string? password) => Task.FromResult(
        PasswordRules.IsTooShort(password) ? IdentityResult.Failed(new IdentityError { Code = TooShort, Description = AccountsText.PasswordTooShort })
        : PasswordRules.IsCommon(password) ? IdentityResult.Failed(new IdentityError { Code = TooCommon, Description = AccountsText.PasswordTooCommon })
        : IdentityResult.Success);
}
