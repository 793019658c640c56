namespace Storefront.Web.Features.Accounts;

/// <summary>
/// How a sign-in went, with the message to show. An unknown e-mail, a wrong password and a locked account are one
/// answer (401, <see cref="SharedText.BadCredentials"/>): which of them it was is not told to whoever is trying.
/// </summary>
public sealed record SignInResult(bool Succeeded, string? Message)
{
    /// <summary>A shopper signed in who has yet to accept this version of the store's privacy policy (the page asks next).</summary>
    public int? PrivacyPolicyToAccept { get; init; }

    public static SignInResult Success { get; } = new(true, null);

    public static SignInResult BadCredentials => new(false, SharedText.BadCredentials);

    public static SignInResult Refused(string message) => new(false, message);

    public IResult ToHttpResult() => Succeeded
        ? TypedResults.Ok(this)
        : TypedResults.Problem(title: Message, statusCode: StatusCodes.Status401Unauthorized);
}
