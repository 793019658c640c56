using Storefront.Domain.Catalog;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>What CreateProduct and UpdateProduct both carry: the product's details and its spec attributes.</summary>
public abstract record ProductDetails
{
    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public string? Slug { get; set; }

    public string Subtitle { get; set; } = "";

    public string? Brand { get; set; }

    public Guid? CategoryId { get; set; }

    public string? SeoTitle { get; set; }

    public string? SeoDescription { get; set; }

    public bool Featured { get; set; }

    public List<ProductAttribute> Attributes { get; set; } = [];

    public List<string> Images { get; set; } = [];

    public List<SpecAttribute> Specs { get; set; } = [];

    internal ProductDraft ProductDraft() =>
        new(Name, Description, Slug, Subtitle, Brand, CategoryId, SeoTitle, SeoDescription, Featured, Attributes, Images);
}
