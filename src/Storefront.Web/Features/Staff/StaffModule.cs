namespace Storefront.Web.Features.Staff;

/// <summary>A store's staff: invitations and roles.</summary>
public static class StaffModule
{
    public static IEndpointRouteBuilder MapStaff(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        InviteStaff.Map(api);
        AcceptStaffInvitation.Map(api);
        RevokeStaffRole.Map(api);
        ListStaff.Map(api);
        ChangeStaffRole.Map(api);
        RemoveStaff.Map(api);
        return app;
    }
}
