namespace Storefront.Domain.Common;

/// <summary>
/// A business rule refused the operation. The message is safe to show to the user. A conflict (sold out, already
/// taken by someone else) is the state of the world, not bad input: the API answers it with 409 instead of 400.
/// </summary>
public sealed class DomainException(string code, string message, bool isConflict = false) : Exception(message)
{
    public string Code { get; } = code;

    public bool IsConflict { get; } = isConflict;
}
