using System.Text.Json;
using FluentValidation;
using Storefront.Domain.Catalog;
using Storefront.Domain.Common;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Catalog.Admin;

/// <summary>A merchant adds a product with a name, price and description; listed at once unless kept as a draft.</summary>
public static class CreateProduct
{
    public sealed record Command : ICommand<Result>
    {
        public string Name { get; set; } = "";

        public string Description { get; set; } = "";

        public decimal Price { get; set; }

        public bool List { get; set; } = true;
    }

    public sealed record Result(Guid ProductId, string Name, decimal Price, ProductStatus Status);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(Product.NameMaxLength).WithName(_ => Text.ProductName);
            RuleFor(c => c.Description).MaximumLength(Product.DescriptionMaxLength).WithName(_ => Text.Description);
            RuleFor(c => c.Price).GreaterThan(0).LessThanOrEqualTo(Money.MaxAmount)
                .Must(Money.HasAtMostTwoDecimals).WithMessage(_ => Text.PriceCents).WithName(_ => Text.Price);
        }
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock)
        : MediatR.IRequestHandler<Command, Result>
    {
        public Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var product = Product.Create(tenant.RequiredId, request.Name, request.Description, request.Price, now);
            if (request.List)
            {
                product.List(now);
            }

            db.Products.Add(product);
            db.AuditLog.Add(AuditEntry.Record(product.TenantId, user.Id, "product.created", product.Id.ToString(),
                JsonSerializer.Serialize(new { product.Name, product.Price, Status = product.Status.ToString() }), now));
            return Task.FromResult(new Result(product.Id, product.Name, product.Price, product.Status));
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapCommand<Command, Result>("/admin/catalog/products").RequireAuthorization(Policies.Catalog).WithTags("Admin catalog");
}
