namespace Storefront.Web.Features.Ordering;

/// <summary>
/// The cart badge's number for this request. A page that has just changed the cart (the cart page) sets it, so
/// the header, rendered before the change, shows the cart as it now is. The header and the tab bar both show the
/// badge: the count is read once per request (<see cref="LoadOnceAsync"/>).
/// </summary>
public sealed class CartBadge
{
    private Task<int>? _loading;

    public int? Count { get; private set; }

    public event Action? Changed;

    public void Set(int count)
    {
        Count = count;
        Changed?.Invoke();
    }

    /// <summary>The stored count of this request: the first caller loads it, later callers share that load.</summary>
    public Task<int> LoadOnceAsync(Func<Task<int>> load) => _loading ??= load();
}
