using Storefront.Domain.Tenancy;

namespace Storefront.Web;

// The words of the password policy and staff invitations. Keys live in Resources/Text.resx (zh-CN) and
// Resources/Text.en.resx under "accounts: password policy, staff invitations".
public static partial class Text
{
    public static string PasswordTooShort => Get();

    public static string PasswordTooCommon => Get();

    public static string InvitationTitle => Get();

    public static string InvitationIntro => Get();

    public static string InvitationRole => Get();

    public static string InvitationExpires => Get();

    public static string InvitationPasswordHint => Get();

    public static string InvitationAccept => Get();

    public static string InvitationInvalid => Get();

    public static string InvitationUsed => Get();

    public static string InvitationWrongAccount => Get();

    public static string InvitationAccepted => Get();

    public static string InvitationMailSubject => Get();

    public static string InvitationMailBody => Get();

    public static string StaffRoleNotFound => Get();

    public static string CannotRevokeOwnOwnerRole => Get();

    public static string StoreRole(StoreRole role) => Get("StoreRole_" + role);
}
