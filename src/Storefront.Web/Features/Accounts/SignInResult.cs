namespace Storefront.Web.Features.Accounts;

/// <summary>How a sign-in went, with the message to show.</summary>
public sealed record SignInResult(bool Succeeded, bool LockedOut, string? Message)
{
    public static SignInResult From(Microsoft.AspNetCore.Identity.SignInResult result) =>
        result.Succeeded ? new(true, false, null)
        : result.IsLockedOut ? new(false, true, Text.LockedOut)
        : new(false, false, Text.BadCredentials);

    public static SignInResult Refused(string message) => new(false, false, message);

    public IResult ToHttpResult() => Succeeded
        ? TypedResults.Ok(this)
        : TypedResults.Problem(title: Message, statusCode: LockedOut ? StatusCodes.Status423Locked : StatusCodes.Status401Unauthorized);
}
