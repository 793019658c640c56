using System.Text.Json;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Domain.Common;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Media;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>
/// A merchant edits a product: its details, spec attributes and SKU grid. A SKU whose spec combination stays keeps
/// its id and its stock (stock changes go through stock adjustments); a new combination brings a new SKU with the
/// stock entered for it; a dropped one goes (unless orders hold units of it). Price changes go to the audit log.
/// </summary>
public static class UpdateProduct
{
    public sealed record Command : ProductDetails, ICommand<Result>
    {
        public Guid Id { get; set; }

        /// <summary>One per combination of the spec values (one with no spec values when there are no specs). Stock is read for new SKUs only.</summary>
        public List<CreateProduct.SkuInput> Skus { get; set; } = [];

        internal IReadOnlyList<SkuDraft> SkuDrafts() => [.. Skus.Select(s => s.ToDraft())];
    }

    public sealed record Result(Guid ProductId, string Slug, string Name, decimal MinPrice, decimal MaxPrice, ProductStatus Status, int SkuCount);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(StorefrontDb db)
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(Product.NameMaxLength).WithName(_ => SharedText.ProductName);
            RuleFor(c => c.Description).MaximumLength(Product.DescriptionMaxLength).WithName(_ => CatalogText.Description);
            RuleFor(c => c.Skus).NotEmpty().WithMessage(_ => CatalogText.SkusRequired);
            RuleForEach(c => c.Skus).ChildRules(ProductRules.Sku);
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
            }).When(c => c.Skus.Count > 0);
            RuleFor(c => c.Skus).MustAsync(async (c, skus, ct) =>
            {
                var codes = skus.Select(s => s.Code.Trim()).Where(s => s.Length > 0).ToList();
                return codes.Count == 0 || !await db.Skus.AnyAsync(s => codes.Contains(s.Code) && s.ProductId != c.Id, ct);
            }).WithMessage(_ => CatalogText.SkuCodeTaken);
            RuleFor(c => c.Slug).MustAsync(async (c, slug, ct) => !await db.Products.AnyAsync(p => p.Slug == slug!.Trim().ToLower() && p.Id != c.Id, ct))
                .WithMessage(_ => SharedText.SlugTaken).When(c => !string.IsNullOrWhiteSpace(c.Slug));
            RuleFor(c => c.CategoryId).MustAsync(async (id, ct) => await db.Categories.AnyAsync(x => x.Id == id, ct))
                .WithMessage(_ => CatalogText.CategoryNotFound).When(c => c.CategoryId is not null);
            RuleForEach(c => c.Images).Must(ImageStore.IsValidName).WithMessage(_ => CatalogText.ImageNameInvalid);
        }
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var product = await db.Products.Include(p => p.Skus).FirstOrDefaultAsync(p => p.Id == request.Id, cancellationToken)
                ?? throw new NotFoundException("product", CatalogText.AdminProductNotFound);
            var before = product.Skus.ToDictionary(s => s.Id, s => (s.Code, s.SpecText, s.Price, s.MarketPrice));

            product.Edit(request.ProductDraft(), now);
            product.SetVariants(request.Specs, request.SkuDrafts(), now);

            var changed = product.Skus.Where(s => before.TryGetValue(s.Id, out var old) && (old.Price != s.Price || old.MarketPrice != s.MarketPrice))
                .Select(s =>
                    new { s.Code, Spec = s.SpecText, From = before[s.Id].Price, To = s.Price, MarketFrom = before[s.Id].MarketPrice, MarketTo = s.MarketPrice })
                .ToList();
            var added = product.Skus.Where(s => !before.ContainsKey(s.Id))
                .Select(s => new { s.Code, Spec = s.SpecText, s.Price, s.MarketPrice, s.OnHand })
                .ToList();
            var removed = before.Where(b => product.Skus.All(s => s.Id != b.Key))
                .Select(b => new { b.Value.Code, Spec = b.Value.SpecText, b.Value.Price })
                .ToList();
            if (changed.Count + added.Count + removed.Count > 0)
            {
                db.AuditLog.Add(AuditEntry.Record(product.TenantId, user.Id, "product.prices-changed", product.Id.ToString(),
                    JsonSerializer.Serialize(new { product.Name, Changed = changed, Added = added, Removed = removed }), now));
            }

            return new Result(product.Id, product.Slug, product.Name, product.MinPrice, product.MaxPrice, product.Status, product.Skus.Count);
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/admin/catalog/products/{id:guid}", async (Guid id, [FromBody] Command command, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(command with { Id = id }, ct)))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Policies.Catalog).WithTags("Admin catalog");
}

/// <summary>Rules the product commands share.</summary>
internal static class ProductRules
{
    public static void Sku(InlineValidator<CreateProduct.SkuInput> sku)
    {
        sku.RuleFor(s => s.Code).NotEmpty().MaximumLength(Domain.Catalog.Sku.CodeMaxLength).WithName(_ => CatalogText.SkuCodeLabel);
        sku.RuleFor(s => s.Price).GreaterThan(0).LessThanOrEqualTo(Money.MaxAmount).WithName(_ => CatalogText.Price)
            .Must(Money.HasAtMostTwoDecimals).WithMessage(_ => CatalogText.PriceCents);
        sku.RuleFor(s => s.MarketPrice).GreaterThan(0).LessThanOrEqualTo(Money.MaxAmount).WithName(_ => CatalogText.SkuMarketPrice)
            .Must(p => Money.HasAtMostTwoDecimals(p!.Value)).WithMessage(_ => CatalogText.PriceCents).When(s => s.MarketPrice is not null);
        sku.RuleFor(s => s.Stock).GreaterThanOrEqualTo(0).WithName(_ => CatalogText.SkuStock);
        sku.RuleFor(s => s.LowStockThreshold).GreaterThanOrEqualTo(0).WithName(_ => CatalogText.SkuLowStockThreshold);
        sku.RuleFor(s => s.WeightGrams).GreaterThanOrEqualTo(0).WithName(_ => CatalogText.SkuWeightGrams);
        sku.RuleFor(s => s.Image).Must(ImageStore.IsValidName).WithMessage(_ => CatalogText.ImageNameInvalid).When(s => !string.IsNullOrEmpty(s.Image));
    }
}
