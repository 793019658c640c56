namespace Storefront.Web.Infrastructure.Caching;

/// <summary>A command that changes what the storefront shows by SQL the change tracker does not see (stock updates).</summary>
public interface IChangesCatalog;
