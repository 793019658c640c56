using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Tenancy;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Features.Platform;

/// <summary>A platform admin opens a new store at {slug}.&lt;base domain&gt;.</summary>
public static class CreateStore
{
    public sealed record Command : ICommand<Result>, IPlatformRequest
    {
        public string Slug { get; set; } = "";

        public string Name { get; set; } = "";

        public string DefaultLanguage { get; set; } = "zh-CN";

        public string Currency { get; set; } = "CNY";
    }

    public sealed record Result(Guid StoreId, string Slug);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(StorefrontDb db)
        {
            RuleFor(c => c.Slug).NotEmpty().Must(s => Store.IsValidSlug(s.Trim().ToLowerInvariant())).WithMessage(_ => PlatformText.SlugRules)
                .MustAsync(async (s, ct) => !await db.Stores.AnyAsync(x => x.Slug == s.Trim().ToLowerInvariant(), ct))
                .WithMessage(_ => SharedText.SlugTaken)
                .WithName(_ => PlatformText.StoreSlug);
            RuleFor(c => c.Name).NotEmpty().MaximumLength(60).WithName(_ => PlatformText.StoreName);
            RuleFor(c => c.DefaultLanguage)
                .Must(l => Store.Languages.Contains(l))
                .WithMessage(_ => PlatformText.UnsupportedLanguage)
                .WithName(_ => PlatformText.Language);
            RuleFor(c => c.Currency).NotEmpty().Length(3).Matches("^[A-Za-z]{3}$").WithName(_ => PlatformText.Currency);
        }
    }

    internal sealed class Handler(StorefrontDb db, TimeProvider clock, StoreDirectory directory) : MediatR.IRequestHandler<Command, Result>
    {
        public Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var store = Store.Create(request.Slug, request.Name, request.DefaultLanguage, request.Currency, clock.GetUtcNow());
            db.Stores.Add(store);   // its order number sequence comes with the row (a trigger on stores, migration 0024)
            directory.Forget(store.Slug, []);
            return Task.FromResult(new Result(store.Id, store.Slug));
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapCommand<Command, Result>("/platform/stores").RequireAuthorization(Policies.PlatformAdmin).WithTags("Platform");
}
