namespace Storefront.Web.Infrastructure.Behaviors;

public static class InputRulesRegistration
{
    /// <summary>The edge rule that <see cref="ValidationBehavior{TRequest, TResponse}"/> applies to every request.</summary>
    public static IServiceCollection AddInputRules(this IServiceCollection services) => services.AddSingleton<InputRules>();
}
