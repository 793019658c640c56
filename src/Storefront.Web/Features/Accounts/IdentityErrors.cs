using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Identity;

namespace Storefront.Web.Features.Accounts;

/// <summary>Identity's refusals (taken e-mail, weak password) as field errors, like any other validation failure.</summary>
internal static class IdentityErrors
{
    public static void ThrowIfFailed(IdentityResult result, string passwordField = "Password")
    {
        if (result.Succeeded)
        {
            return;
        }

        throw new ValidationException(result.Errors.Select(e => e.Code switch
        {
            "DuplicateUserName" or "DuplicateEmail" => new ValidationFailure("Email", AccountsText.EmailTaken),
            "PasswordMismatch" => new ValidationFailure("CurrentPassword", AccountsText.WrongPassword),
            // Identity's own length check says the same as ours, in English: one message, in the user's language.
            Infrastructure.Identity.PasswordPolicy<object>.TooShort => new ValidationFailure(passwordField, AccountsText.PasswordTooShort),
            _ when e.Code.StartsWith("Password", StringComparison.Ordinal) => new ValidationFailure(passwordField, e.Description),
            _ => new ValidationFailure("Email", e.Description),
        }).DistinctBy(f => (f.PropertyName, f.ErrorMessage)));
    }
}
