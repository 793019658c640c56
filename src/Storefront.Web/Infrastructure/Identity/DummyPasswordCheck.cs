using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Storefront.Web.Infrastructure.Identity;

/// <summary>
/// Sign-in verifies a password hash also for an unknown e-mail and for a locked account (against a hash of a random
/// password made once per process), so those answers take as long as a wrong password's and cannot be told apart by
/// their timing (issue 15, item 8).
/// </summary>
internal sealed class DummyPasswordCheck<TUser>(IPasswordHasher<TUser> hasher)
    where TUser : class, new()
{
    private static readonly Lazy<string> RandomPassword = new(() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
    private static string? _hash;

    public void Verify(string password)
    {
        var hash = _hash ??= hasher.HashPassword(new TUser(), RandomPassword.Value);
        hasher.VerifyHashedPassword(new TUser(), hash, password);
    }
}
