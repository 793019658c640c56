using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Ordering;

/// <summary>
/// Adds an address to the shopper's book, or changes one (<see cref="Command.Id"/> set). The phone must be a mainland
/// mobile number (stored as its 11 digits). The first address becomes the default; asking for the default moves it.
/// </summary>
public static class SaveAddress
{
    public sealed record Command : ICommand<ListAddresses.Address>
    {
        /// <summary>The address to change; null adds one.</summary>
        public Guid? Id { get; set; }

        public string Name { get; set; } = "";

        public string Phone { get; set; } = "";

        // Names are optional when the codes are given: a form with the pickers posts no names at all.
        public string? Province { get; set; } = "";

        public string? City { get; set; } = "";

        public string? District { get; set; } = "";

        public string Street { get; set; } = "";

        /// <summary>The 省 by its official code (the pickers send codes; the names then follow from them).</summary>
        public string? ProvinceCode { get; set; }

        public string? CityCode { get; set; }

        public string? DistrictCode { get; set; }

        public bool IsDefault { get; set; }

        /// <summary>True when the 省/市/区 are given by code rather than typed as names.</summary>
        internal bool ByCode => !string.IsNullOrWhiteSpace(ProvinceCode) || !string.IsNullOrWhiteSpace(CityCode) || !string.IsNullOrWhiteSpace(DistrictCode);

        public static Command From(ListAddresses.Address a) => new()
        {
            Id = a.Id,
            Name = a.Name,
            Phone = a.Phone,
            Province = a.Province,
            City = a.City,
            District = a.District,
            Street = a.Street,
            IsDefault = a.IsDefault,
            ProvinceCode = a.ProvinceCode,
            CityCode = a.CityCode,
            DistrictCode = a.DistrictCode,
        };
    }

    /// <summary>The body of POST /addresses and PUT /addresses/{id}.</summary>
    /// <summary>The 省/市/区 by code (provinceCode, cityCode, districtCode; names then optional) or by name.</summary>
    public sealed record Body(
        string? Name, string? Phone, string? Province, string? City, string? District, string? Street, bool IsDefault = false,
        string? ProvinceCode = null, string? CityCode = null, string? DistrictCode = null)
    {
        public Command ToCommand(Guid? id) => new()
        {
            Id = id,
            Name = Name ?? "",
            Phone = Phone ?? "",
            Province = Province ?? "",
            City = City ?? "",
            District = District ?? "",
            Street = Street ?? "",
            IsDefault = IsDefault,
            ProvinceCode = ProvinceCode,
            CityCode = CityCode,
            DistrictCode = DistrictCode,
        };
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(ShippingAddress.NameMaxLength).WithName(_ => OrderingText.AddressName);
            RuleFor(c => c.Phone).Must(ShippingAddress.IsMainlandMobile).WithMessage(_ => OrderingText.AddressPhoneInvalid);
            When(c => !c.ByCode, () =>
            {
                RuleFor(c => c.Province).NotEmpty().MaximumLength(ShippingAddress.RegionMaxLength).WithName(_ => OrderingText.AddressProvince);
                RuleFor(c => c.City).NotEmpty().MaximumLength(ShippingAddress.RegionMaxLength).WithName(_ => OrderingText.AddressCity);
                RuleFor(c => c.District).NotEmpty().MaximumLength(ShippingAddress.RegionMaxLength).WithName(_ => OrderingText.AddressDistrict);
            });
            When(c => c.ByCode, () => DivisionRules.Add(this, c => c.ProvinceCode, c => c.CityCode, c => c.DistrictCode));
            RuleFor(c => c.Street).Must(s => s.Trim().Length >= 2).WithMessage(_ => OrderingText.AddressStreetShort)
                .MaximumLength(ShippingAddress.StreetMaxLength).WithName(_ => OrderingText.AddressStreet);
        }
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TenantContext tenant, TimeProvider clock)
        : IRequestHandler<Command, ListAddresses.Address>
    {
        public async Task<ListAddresses.Address> Handle(Command request, CancellationToken cancellationToken)
        {
            var shopper = user.RequiredId;
            var now = clock.GetUtcNow();
            var address = AdministrativeDivisions.Official.CreateAddress(request.Name, request.Phone, request.ProvinceCode, request.CityCode,
                request.DistrictCode, request.Province ?? "", request.City ?? "", request.District ?? "", request.Street);
            var others = await db.Addresses.Where(a => a.ShopperId == shopper && a.Id != request.Id)
                .Select(a => new { a.Id, a.IsDefault }).ToListAsync(cancellationToken);

            ShopperAddress entry;
            if (request.Id is { } id)
            {
                entry = await db.Addresses.SingleOrDefaultAsync(a => a.Id == id && a.ShopperId == shopper, cancellationToken)
                    ?? throw new NotFoundException("address", OrderingText.AddressNotFound);
                entry.Update(address, now);
            }
            else
            {
                if (others.Count >= ShopperAddress.MaxPerShopper)
                {
                    throw new DomainException("address.full", string.Format(OrderingText.AddressBookFull, ShopperAddress.MaxPerShopper), isConflict: true);
                }

                entry = ShopperAddress.Create(tenant.RequiredId, shopper, address, isDefault: false, now);
                db.Addresses.Add(entry);
            }

            // The first address is the default; asking for the default takes it from the old one first (one default each, by a unique index).
            if (request.IsDefault || !others.Any(o => o.IsDefault))
            {
                await MakeDefaultAsync(db, shopper, entry, now, cancellationToken);
            }

            return ListAddresses.Address.From(entry);
        }
    }

    /// <summary>Clears the shopper's old default (in the database, before the new one is saved) and marks this one.</summary>
    internal static async Task MakeDefaultAsync(StorefrontDb db, Guid shopper, ShopperAddress entry, DateTimeOffset now, CancellationToken ct)
    {
        await db.Addresses.Where(a => a.ShopperId == shopper && a.IsDefault && a.Id != entry.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.IsDefault, false).SetProperty(a => a.UpdatedAt, now), ct);
        entry.SetDefault(true, now);
    }

    internal static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/addresses", async (Body body, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(body.ToCommand(null), ct)))
            .RequireAuthorization(Policies.Shopper)
            .ProducesValidationProblem()
            .WithTags("Addresses");
        api.MapPut(
            "/addresses/{id:guid}", async (Guid id, Body body, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(body.ToCommand(id), ct)))
            .RequireAuthorization(Policies.Shopper)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithTags("Addresses");
    }
}
