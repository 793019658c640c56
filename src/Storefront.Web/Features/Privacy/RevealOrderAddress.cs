using System.Text.Json;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Domain.Ordering;
using Storefront.Web.Infrastructure;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;

namespace Storefront.Web.Features.Privacy;

/// <summary>
/// Staff reveal an order's full phone and street where they are masked (any screen but shipping), giving a reason. The
/// reveal (who, which order, why; never the value) goes to the audit log.
/// </summary>
public static class RevealOrderAddress
{
    public const int ReasonMaxLength = 200;

    public sealed record Command : ICommand<ShippingAddress>
    {
        public string Number { get; set; } = "";

        public string Reason { get; set; } = "";
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).NotEmpty().MinimumLength(2).MaximumLength(ReasonMaxLength).WithName(_ => PrivacyText.RevealReason);
    }

    internal sealed class Handler(StorefrontDb db, CurrentUser user, TimeProvider clock) : IRequestHandler<Command, ShippingAddress>
    {
        public async Task<ShippingAddress> Handle(Command request, CancellationToken cancellationToken)
        {
            var number = request.Number.Trim();
            var order = await db.Orders.AsNoTracking().Where(o => o.Number == number).Select(o => new { o.Id, o.TenantId, o.Address })
                .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("order", OrderingText.NotFound);
            db.AuditLog.Add(AuditEntry.Record(order.TenantId, user.Id, "personal-data.revealed", order.Id.ToString(),
                JsonSerializer.Serialize(new { Order = number, Fields = "phone, street", Reason = request.Reason.Trim() }), clock.GetUtcNow()));
            return order.Address;
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/orders/{number}/reveal-address", async (string number, [FromBody] Command command, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(command with { Number = number }, ct)))
            .RequireAuthorization(Policies.Orders).WithTags("Admin orders").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
}
