using System.Text.Json;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Domain.Common;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>
/// A merchant adds a product: its details, spec attributes and one SKU per combination of their values (or, with no
/// specs, a single SKU from Price/Stock/SkuCode). Listed at once unless kept as a draft. Written to the audit log.
/// </summary>
public static class CreateProduct
{
    public sealed record Command : ProductDetails, ICommand<Result>
    {
        public List<SkuInput> Skus { get; set; } = [];

        /// <summary>With no Skus: the single SKU's price, stock and code.</summary>
        public decimal Price { get; set; }

        public int Stock { get; set; }

        public string? SkuCode { get; set; }

        public bool List { get; set; } = true;

        internal IReadOnlyList<SkuDraft> SkuDrafts() => Skus.Count > 0
            ? Skus.Select(s => s.ToDraft()).ToList()
            : [new SkuDraft([], string.IsNullOrWhiteSpace(SkuCode) ? "" : SkuCode, Price, Stock: Stock)];
    }

    public sealed record SkuInput
    {
        public List<string> SpecValues { get; set; } = [];

        public string Code { get; set; } = "";

        public decimal Price { get; set; }

        public decimal? MarketPrice { get; set; }

        public int Stock { get; set; }

        public int LowStockThreshold { get; set; }

        public int WeightGrams { get; set; }

        public string? Image { get; set; }

        internal SkuDraft ToDraft() => new(SpecValues, Code, Price, MarketPrice, Stock, LowStockThreshold, WeightGrams, Image);
    }

    public sealed record Result(Guid ProductId, string Slug, string Name, decimal MinPrice, decimal MaxPrice, ProductStatus Status, int SkuCount);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(StorefrontDb db)
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(Product.NameMaxLength).WithName(_ => SharedText.ProductName);
            RuleFor(c => c.Description).MaximumLength(Product.DescriptionMaxLength).WithName(_ => CatalogText.Description);
            RuleFor(c => c.Price).GreaterThan(0).LessThanOrEqualTo(Money.MaxAmount)
                .Must(Money.HasAtMostTwoDecimals).WithMessage(_ => CatalogText.PriceCents).WithName(_ => CatalogText.Price)
                .When(c => c.Skus.Count == 0);
            RuleFor(c => c.Stock).GreaterThanOrEqualTo(0).When(c => c.Skus.Count == 0);
            RuleForEach(c => c.Skus).ChildRules(sku =>
            {
                sku.RuleFor(s => s.Code).NotEmpty().MaximumLength(Sku.CodeMaxLength);
                sku.RuleFor(s => s.Price)
                    .GreaterThan(0)
                    .LessThanOrEqualTo(Money.MaxAmount)
                    .Must(Money.HasAtMostTwoDecimals)
                    .WithMessage(_ => CatalogText.PriceCents);
                sku.RuleFor(s => s.MarketPrice)
                    .GreaterThan(0)
                    .Must(p => Money.HasAtMostTwoDecimals(p!.Value))
                    .WithMessage(_ => CatalogText.PriceCents)
                    .When(s => s.MarketPrice is not null);
                sku.RuleFor(s => s.Stock).GreaterThanOrEqualTo(0);
                sku.RuleFor(s => s.LowStockThreshold).GreaterThanOrEqualTo(0);
                sku.RuleFor(s => s.WeightGrams).GreaterThanOrEqualTo(0);
            });
            RuleFor(c => c).Custom((c, context) =>
            {
                try
                {
                    Variants.Check(Variants.Normalize(c.Specs), c.SkuDrafts());
                }
                catch (DomainException e)
                {
                    context.AddFailure(nameof(Command.Skus), e.Message);
                }
            }).When(c => c.Skus.Count > 0 || c.Specs.Count > 0);
            RuleFor(c => c.Skus).MustAsync(async (skus, ct) =>
            {
                var codes = skus.Select(s => s.Code.Trim()).Where(s => s.Length > 0).ToList();
                return codes.Count == 0 || !await db.Skus.AnyAsync(s => codes.Contains(s.Code), ct);
            }).WithMessage(_ => CatalogText.SkuCodeTaken);
            RuleFor(c => c.Slug).MustAsync(async (slug, ct) => !await db.Products.AnyAsync(p => p.Slug == slug!.Trim().ToLower(), ct))
                .WithMessage(_ => SharedText.SlugTaken).When(c => !string.IsNullOrWhiteSpace(c.Slug));
            RuleFor(c => c.CategoryId).MustAsync(async (id, ct) => await db.Categories.AnyAsync(x => x.Id == id, ct))
                .WithMessage(_ => CatalogText.CategoryNotFound).When(c => c.CategoryId is not null);
            RuleForEach(c => c.Images).Must(Infrastructure.Media.ImageStore.IsValidName).WithMessage(_ => CatalogText.ImageNameInvalid);
            RuleForEach(c => c.Skus).ChildRules(sku => sku.RuleFor(s => s.Image).Must(Infrastructure.Media.ImageStore.IsValidName)
                .WithMessage(_ => CatalogText.ImageNameInvalid).When(s => !string.IsNullOrEmpty(s.Image)));
        }
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock)
        : MediatR.IRequestHandler<Command, Result>
    {
        public Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var drafts = request.SkuDrafts();
            if (drafts is [{ Code: "" } single])
            {
                drafts = [single with { Code = "SKU-" + Guid.CreateVersion7(now).ToString("N")[20..].ToUpperInvariant() }];
            }

            var product = Product.Create(tenant.RequiredId, request.ProductDraft(), request.Specs, drafts, now);
            if (request.List)
            {
                product.List(now);
            }

            db.Products.Add(product);
            db.AuditLog.Add(AuditEntry.Record(product.TenantId, user.Id, "product.created", product.Id.ToString(),
                JsonSerializer.Serialize(
                    new { product.Name, Skus = product.Skus.Select(s => new { s.Code, s.Price, s.OnHand }), Status = product.Status.ToString() }), now));
            return Task.FromResult(new Result(product.Id, product.Slug, product.Name, product.MinPrice, product.MaxPrice, product.Status, product.Skus.Count));
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapCommand<Command, Result>("/admin/catalog/products").RequireAuthorization(Policies.Catalog).WithTags("Admin catalog");
}
