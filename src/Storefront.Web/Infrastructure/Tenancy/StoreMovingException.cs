using Storefront.Domain.Common;

namespace Storefront.Web.Infrastructure.Tenancy;

/// <summary>
/// A command of a store that may not write where it runs: the store is read-only while it moves between clusters, or has
/// just left this one (docs/decisions/0052-store-moves.md). Answered 503 with Retry-After; the client repeats the request.
/// </summary>
public sealed class StoreMovingException() : Exception("店铺正在迁移数据，暂时只能浏览，请稍后重试。")
{
    public const string Code = "store.moving";

    /// <summary>Seconds a client is asked to wait: a small store's read-only window is about a second (decision 0052).</summary>
    public const int RetryAfterSeconds = 2;

    /// <summary>The refusal as the domain's errors are shown, in the user's language (DomainErrors.resx, key store.moving).</summary>
    public DomainException AsDomainError() => new(Code, Message);
}
