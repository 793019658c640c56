using System.Diagnostics;
using FluentValidation;
using MediatR;
using Storefront.Domain.Common;

namespace Storefront.Web.Infrastructure.Behaviors;

/// <summary>Outermost: logs each request with its duration, and its failure once.</summary>
internal sealed class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> log)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var name = RequestName;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next();
            log.LogInformation("Handled {RequestName} in {ElapsedMs:0.0} ms", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception e) when (e is ValidationException or DomainException or NotFoundException or Web.RateLimitedException)
        {
            log.LogInformation("Refused {RequestName}: {Reason}", name, e.Message);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Failed {RequestName} after {ElapsedMs:0.0} ms", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    private static string RequestName => typeof(TRequest).DeclaringType is { } useCase ? useCase.Name + "." + typeof(TRequest).Name : typeof(TRequest).Name;
}
