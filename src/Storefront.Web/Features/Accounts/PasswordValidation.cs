using FluentValidation;
using Storefront.Domain.Accounts;

namespace Storefront.Web.Features.Accounts;

/// <summary>
/// The password rule (<see cref="PasswordRules"/>) as a field rule of a form or API body, so a weak password is named
/// beside the field together with the form's other mistakes; Identity's <see cref="Infrastructure.Identity.PasswordPolicy{TUser}"/>
/// holds the same rule for every path that sets a password.
/// </summary>
internal static class PasswordValidation
{
    public static IRuleBuilderOptions<T, string> NewPassword<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty()
            .MaximumLength(PasswordRules.MaximumLength)
            .Must(p => !PasswordRules.IsTooShort(p)).WithMessage(_ => AccountsText.PasswordTooShort)
            .Must(p => !PasswordRules.IsCommon(p)).WithMessage(_ => AccountsText.PasswordTooCommon);
}
