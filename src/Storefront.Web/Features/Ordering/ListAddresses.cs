using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Ordering;

/// <summary>The signed-in shopper's address book (收货地址), the default first, then the most recently changed.</summary>
public static class ListAddresses
{
    public sealed record Query : IRequest<IReadOnlyList<Address>>;

    public sealed record Address(
        Guid Id, string Name, string Phone, string Province, string City, string District, string Street, bool IsDefault, DateTimeOffset UpdatedAt)
    {
        public string OneLine => $"{Province} {City} {District} {Street}";

        /// <summary>The official codes of the 省/市/区; null on an address saved before codes.</summary>
        public string? ProvinceCode { get; init; }

        public string? CityCode { get; init; }

        public string? DistrictCode { get; init; }

        public ShippingAddress ToShippingAddress() =>
            new(Name, Phone, Province, City, District, Street) { ProvinceCode = ProvinceCode, CityCode = CityCode, DistrictCode = DistrictCode };

        internal static Address From(ShopperAddress a) =>
            new(a.Id, a.Address.Name, a.Address.Phone, a.Address.Province, a.Address.City, a.Address.District, a.Address.Street, a.IsDefault, a.UpdatedAt)
            {
                ProvinceCode = a.Address.ProvinceCode,
                CityCode = a.Address.CityCode,
                DistrictCode = a.Address.DistrictCode,
            };
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user) : IRequestHandler<Query, IReadOnlyList<Address>>
    {
        public async Task<IReadOnlyList<Address>> Handle(Query request, CancellationToken cancellationToken)
        {
            var shopper = user.RequiredId;
            var rows = await db.Addresses.AsNoTracking()
                .Where(a => a.ShopperId == shopper)
                .OrderByDescending(a => a.IsDefault).ThenByDescending(a => a.UpdatedAt).ThenBy(a => a.Id)
                .ToListAsync(cancellationToken);
            return [.. rows.Select(Address.From)];
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/addresses", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Shopper)
            .WithTags("Addresses");
}
