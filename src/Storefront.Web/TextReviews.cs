namespace Storefront.Web;

// The words of reviews (评价) and complaints (投诉), shopper and admin. Keys live in Resources/Text.resx (zh-CN) and
// Resources/Text.en.resx under "aftersales: complaints and reviews".
public static partial class Text
{
    public static string RvLineRequired => Get();

    public static string RvStarsRange => Get();

    public static string RvTextTooLong => Get();

    public static string RvTooManyPhotos => Get();

    public static string RvPhotoInvalid => Get();

    public static string RvAlreadyReviewed => Get();

    public static string RvNotFound => Get();

    public static string RvFollowUpText => Get();

    public static string RvHideReason => Get();

    public static string RvReplyText => Get();

    public static string RvTitle => Get();

    public static string RvNone => Get();

    public static string RvWithPhotos => Get();

    public static string RvStarsLabel => Get();

    public static string RvSkuBought => Get();

    public static string RvFollowUp => Get();

    public static string RvMerchantReply => Get();

    public static string RvMore => Get();

    public static string RvWrite => Get();

    public static string RvThanks => Get();

    public static string RvNotCompleted => Get();

    public static string RvHiddenNotice => Get();

    public static string RvPhotosLabel => Get();

    public static string RvFollowUpSubmit => Get();

    public static string RvStars => Get();

    public static string RvText => Get();

    public static string RvAnonymous => Get();

    public static string RvSubmit => Get();

    public static string RvBackToOrder => Get();

    public static string RvLink => Get();

    public static string RvAdminTitle => Get();

    public static string RvAdminHide => Get();

    public static string RvAdminReply => Get();

    public static string RvAdminHidden => Get();

    public static string RvAdminShown => Get();

    public static string RvAdminReason => Get();

    public static string RvAdminProduct => Get();

    public static string RvAdminShopper => Get();

    public static string RvAdminFilterAll => Get();

    public static string CpLink => Get();

    public static string CpTitle => Get();

    public static string CpNew => Get();

    public static string CpKind => Get();

    public static string CpText => Get();

    public static string CpSubmit => Get();

    public static string CpKindRequired => Get();

    public static string CpTextRequired => Get();

    public static string CpNotFound => Get();

    public static string CpDueAt => Get();

    public static string CpOverdue => Get();

    public static string CpOverdueNotified => Get();

    public static string CpReplies => Get();

    public static string CpNoReplies => Get();

    public static string CpReply => Get();

    public static string CpClose => Get();

    public static string CpCloseReason => Get();

    public static string CpFromStaff => Get();

    public static string CpFromShopper => Get();

    public static string CpFromShopperStaffView => Get();

    public static string CpNone => Get();

    public static string CpAdminTitle => Get();

    public static string CpAdminOverdueOnly => Get();

    public static string CpOrder => Get();

    public static string CpCreatedAt => Get();

    public static string CpStatusOpen => Get();

    public static string CpStatusAnswered => Get();

    public static string CpStatusClosed => Get();

    public static string CpKindQuality => Get();

    public static string CpKindDelay => Get();

    public static string CpKindService => Get();

    public static string CpKindPromotionNotApplied => Get();

    public static string CpStatus => Get();
}
