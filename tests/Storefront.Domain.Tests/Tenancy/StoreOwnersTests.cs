using Storefront.Domain.Tenancy;

namespace Storefront.Domain.Tests.Tenancy;

public sealed class StoreOwnersTests
{
    private static readonly Guid Alice = Guid.NewGuid();
    private static readonly Guid Bob = Guid.NewGuid();
    private static readonly Guid Carol = Guid.NewGuid();

    [Fact]
    public void Taking_another_owners_role_is_allowed_while_an_owner_remains()
    {
        Assert.Null(StoreOwners.RefusalToTake([Alice, Bob], Bob, [StoreRole.Owner], Alice));
    }

    [Fact]
    public void Taking_the_last_owners_role_is_refused()
    {
        // Bob is the only owner left (Alice lost hers a moment ago, but her request is still running).
        Assert.Equal(OwnerRefusal.LastOwner, StoreOwners.RefusalToTake([Bob], Bob, [StoreRole.Owner, StoreRole.Merchant], Alice));
        Assert.Equal(OwnerRefusal.LastOwner, StoreOwners.RefusalToTake([Bob], Bob, [StoreRole.Owner], null));
    }

    [Fact]
    public void An_owner_cannot_take_their_own_owner_role_even_with_other_owners()
    {
        Assert.Equal(OwnerRefusal.OwnOwnerRole, StoreOwners.RefusalToTake([Alice, Bob], Alice, [StoreRole.Owner], Alice));
    }

    [Fact]
    public void Roles_other_than_owner_and_staff_who_are_not_owners_are_not_its_concern()
    {
        Assert.Null(StoreOwners.RefusalToTake([Alice], Carol, [StoreRole.Owner, StoreRole.Merchant], Alice));
        Assert.Null(StoreOwners.RefusalToTake([Alice], Alice, [StoreRole.Merchant], Alice));
        Assert.Null(StoreOwners.RefusalToTake([], Carol, [StoreRole.CustomerService], Alice));
    }
}
