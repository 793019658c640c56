using MediatR;

namespace Storefront.Web.ComponentTests.Infrastructure;

/// <summary>
/// Stands in for MediatR behind <c>CircuitSender</c> where a test is about a component's own logic (what it shows,
/// what it sends): it records every request and answers those a test set up; any other request fails the test.
/// Data rules are not faked here: they are tested against PostgreSQL in Storefront.Web.Tests.
/// </summary>
public sealed class RecordingMediator : IMediator
{
    private readonly Dictionary<Type, Func<object, object>> _answers = [];

    public List<object> Sent { get; } = [];

    /// <summary>Answers every <typeparamref name="TRequest"/> with what <paramref name="answer"/> returns (or throws).</summary>
    public RecordingMediator On<TRequest, TResponse>(Func<TRequest, TResponse> answer)
        where TRequest : IRequest<TResponse>
    {
        _answers[typeof(TRequest)] = r => answer((TRequest)r)!;
        return this;
    }

    public IReadOnlyList<T> SentOf<T>() => [.. Sent.OfType<T>()];

    public Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        Sent.Add(request);
        return _answers.TryGetValue(request.GetType(), out var answer)
            ? Task.FromResult((TResponse)answer(request))
            : throw new InvalidOperationException($"The test did not expect {request.GetType().FullName}.");
    }

    public Task Send(IRequest request, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException($"The test did not expect {request.GetType().FullName}.");

    public Task Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
        where TNotification : INotification => Task.CompletedTask;
}
