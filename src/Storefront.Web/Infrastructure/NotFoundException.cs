namespace Storefront.Web.Infrastructure;

/// <summary>The thing asked for does not exist here (or belongs to another store): a 404.</summary>
public sealed class NotFoundException(string what, string message) : Exception(message)
{
    public string What { get; } = what;
}
