namespace Storefront.Domain.Common;

/// <summary>A business rule refused the operation. The message is safe to show to the user.</summary>
public sealed class DomainException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
