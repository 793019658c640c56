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
        // Nulls and control characters stop the request before the validators: they may dereference the one and send
        // the other to PostgreSQL (a uniqueness check), which refuses NUL.
        var edge = input.Check(request);
        if (edge.Any(f => f.ErrorCode != InputRules.TooLongCode))
        {
            throw new ValidationException(edge);
        }

        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(request, cancellationToken);
            failures.AddRange(result.Errors);
        }

        // An over-long field that the use case's validator named keeps its (more precise) message.
        failures.AddRange(edge.Where(e => !failures.Exists(f => f.PropertyName == e.PropertyName)));
        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        return await next();
    }
}
