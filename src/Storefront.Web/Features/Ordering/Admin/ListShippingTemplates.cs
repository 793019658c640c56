using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Ordering.Admin;

/// <summary>The store's shipping methods (运费模板), active and inactive, in the order the shopper sees them.</summary>
public static class ListShippingTemplates
{
    public sealed record Query : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(
        Guid Id,
        string Name,
        ShippingFeeKind Kind,
        decimal Fee,
        decimal? FreeAbove,
        int FirstWeightGrams,
        int AdditionalWeightGrams,
        decimal AdditionalFee,
        bool IsDefault,
        int Position,
        bool IsActive)
    {
        /// <summary>Province or city codes the method delivers to; empty: everywhere.</summary>
        public IReadOnlyList<string> RegionCodes { get; init; } = [];

        internal static Row From(ShippingTemplate t) =>
            new(t.Id, t.Name, t.Kind, t.Fee, t.FreeAbove, t.FirstWeightGrams, t.AdditionalWeightGrams, t.AdditionalFee, t.IsDefault, t.Position, t.IsActive)
            {
                RegionCodes = t.RegionCodes,
            };
    }

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            var templates = await db.ShippingTemplates.AsNoTracking().OrderBy(t => t.Position).ThenBy(t => t.Name).ToListAsync(cancellationToken);
            return [.. templates.Select(Row.From)];
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/shipping-templates", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Orders).WithTags("Admin shipping");
}
