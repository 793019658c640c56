using FluentValidation;
using MediatR;
using Storefront.Web.Infrastructure.Web;

namespace Storefront.Web.Infrastructure.Behaviors;

public static class MediatorServices
{
    /// <summary>
    /// MediatR 5.1: handlers found by Scrutor, validators by FluentValidation; behaviours run in the order registered
    /// (outermost first).
    /// </summary>
    public static IHostApplicationBuilder AddStorefrontMediator(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<ServiceFactory>(sp => sp.GetService);
        services.AddScoped<IMediator, Mediator>();
        services.Scan(scan => scan.FromAssemblyOf<Program>()
            .AddClasses(c => c.AssignableTo(typeof(IRequestHandler<,>)), publicOnly: false).AsImplementedInterfaces().WithTransientLifetime());
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Transient, includeInternalTypes: true);
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(DomainErrorsBehavior<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(RateLimitBehavior<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(TenantBehavior<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(TransactionBehavior<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(AuditBehavior<,>));
        services.AddInputRules();
        return builder;
    }
}
