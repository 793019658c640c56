using FluentValidation;
using Storefront.Domain.Common;

namespace Storefront.Web.Features.Catalog;

/// <summary>What a catalog page says when the address asks for something it cannot show (a 10,000-character search, a bad price range).</summary>
internal static class CatalogPageErrors
{
    /// <summary>Runs the query; null when it answered, else the message to show in place of the results. Not found is left to the page.</summary>
    public static async Task<string?> TryAsync(Func<Task> query)
    {
        try
        {
            await query();
            return null;
        }
        catch (ValidationException e)
        {
            return string.Join(" ", e.Errors.Select(f => f.ErrorMessage).Distinct());
        }
        catch (DomainException e)
        {
            return e.Message;
        }
    }
}
