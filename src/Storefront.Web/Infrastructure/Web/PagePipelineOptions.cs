namespace Storefront.Web.Infrastructure.Web;

/// <summary>Middleware areas add to the pipeline, after sign-in and before the page cache (so it sees cached pages too).</summary>
public sealed class PagePipelineOptions
{
    public List<Type> BeforePageCache { get; } = [];
}
