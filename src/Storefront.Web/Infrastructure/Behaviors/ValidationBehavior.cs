using FluentValidation;
using MediatR;

namespace Storefront.Web.Infrastructure.Behaviors;

/// <summary>
/// Checks the request against the edge rule (<see cref="InputRules"/>: nulls, control characters, lengths), then runs
/// every FluentValidation validator of the request; any failure stops it with all field errors.
/// </summary>
internal sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators, InputRules input)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : notnull
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        // Before the validators: they may rely on what the request's types promise (no nulls).
        var failures = input.Check(request);
        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(request, cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        return await next();
    }
}
