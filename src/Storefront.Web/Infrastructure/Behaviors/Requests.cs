using MediatR;

namespace Storefront.Web.Infrastructure.Behaviors;

/// <summary>A request that changes state: it runs in one database transaction, committed when the handler returns.</summary>
public interface ICommand<out TResult> : IRequest<TResult>;

/// <summary>A request of the platform console: it runs without a store (everything else needs one).</summary>
public interface IPlatformRequest;
