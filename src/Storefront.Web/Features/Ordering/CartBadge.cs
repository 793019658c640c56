namespace Storefront.Web.Features.Ordering;

/// <summary>
/// The header badge's number for this request. A page that has just changed the cart (the cart page) sets it, so
/// the header, rendered before the change, shows the cart as it now is.
/// </summary>
public sealed class CartBadge
{
    public int? Count { get; private set; }

    public event Action? Changed;

    public void Set(int count)
    {
        Count = count;
        Changed?.Invoke();
    }
}
