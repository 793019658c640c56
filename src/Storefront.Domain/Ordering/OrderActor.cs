namespace Storefront.Domain.Ordering;

public enum ActorKind
{
    Shopper,
    Staff,
    System,
    Gateway,
}

/// <summary>Who made a change: a shopper, a staff member, the system's timers, or the payment gateway.</summary>
public readonly record struct OrderActor(ActorKind Kind, Guid? Id)
{
    public static OrderActor System => new(ActorKind.System, null);

    public static OrderActor Gateway => new(ActorKind.Gateway, null);

    public static OrderActor Shopper(Guid id) => new(ActorKind.Shopper, id);

    public static OrderActor Staff(Guid? id) => new(ActorKind.Staff, id);
}
