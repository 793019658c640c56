using Microsoft.AspNetCore.Identity;
using Storefront.Domain.Accounts;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Accounts;

/// <summary>
/// The password check both sign-ins share. Unknown e-mail, wrong password and locked account come out alike (null) and
/// each verifies one password hash (<see cref="DummyPasswordCheck{TUser}"/> for the first and the last), so neither the
/// answer nor its time tells them apart. Five wrong passwords still lock the account for 15 minutes, and a locked
/// account is refused even with the right password.
/// </summary>
internal static class PasswordSignIn
{
    public static async Task<TUser?> CheckAsync<TUser>(UserManager<TUser> users, SignInManager<TUser> signIn, DummyPasswordCheck<TUser> dummy,
        string email, string password)
        where TUser : Account, new()
    {
        var account = await users.FindByNameAsync(email.Trim());
        if (account is null || await users.IsLockedOutAsync(account))
        {
            dummy.Verify(password);
            return null;
        }

        var check = await signIn.CheckPasswordSignInAsync(account, password, lockoutOnFailure: true);
        return check.Succeeded ? account : null;
    }
}
