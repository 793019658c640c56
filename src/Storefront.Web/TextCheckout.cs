using Storefront.Domain.Ordering;

namespace Storefront.Web;

// The words of checkout and the shipping-method admin. Keys live in Resources/Text.resx (zh-CN) and Resources/Text.en.resx.
public static partial class Text
{
    public static string ShippingName => Get();

    public static string ShippingFee => Get();

    public static string ShippingAdditionalFee => Get();

    public static string ShippingFreeAbove => Get();

    public static string ShippingFirstWeight => Get();

    public static string ShippingAdditionalWeight => Get();

    public static string ShippingTemplateNotFound => Get();

    public static string ShippingTemplatesAdmin => Get();

    public static string ShippingKindLabel => Get();

    public static string ShippingDefault => Get();

    public static string ShippingActive => Get();

    public static string ShippingPosition => Get();

    public static string ShippingNew => Get();

    public static string ShippingEdit => Get();

    public static string ShippingSaved => Get();

    public static string ShippingDeleted => Get();

    public static string ShippingNone => Get();

    public static string ShippingHowFee => Get();

    public static string CheckoutTitle => Get();

    public static string CheckoutConsignee => Get();

    public static string CheckoutInvalidMobile => Get();

    public static string CheckoutPhone => Get();

    public static string CheckoutProvince => Get();

    public static string CheckoutCity => Get();

    public static string CheckoutDistrict => Get();

    public static string CheckoutStreet => Get();

    public static string CheckoutUnknownShipping => Get();

    public static string CheckoutUnknownAddress => Get();

    public static string CheckoutEmpty => Get();

    public static string CheckoutTooManyLines => Get();

    public static string CheckoutProductUnavailable => Get();

    public static string CheckoutSoldOut => Get();

    public static string CheckoutOnlyNLeft => Get();

    public static string CheckoutPriceChanged => Get();

    public static string CheckoutKeyRequired => Get();

    public static string CheckoutAddressRequired => Get();

    public static string CheckoutNote => Get();

    public static string CheckoutProductsUnavailable => Get();

    public static string CheckoutTotalChanged => Get();

    public static string CheckoutStockShort => Get();

    public static string CheckoutCartChanged => Get();

    public static string CheckoutAddressLabel => Get();

    public static string CheckoutNewAddress => Get();

    public static string CheckoutSaveAddress => Get();

    public static string CheckoutShipping => Get();

    public static string CheckoutUpdateShipping => Get();

    public static string CheckoutItems => Get();

    public static string CheckoutQuantity => Get();

    public static string CheckoutSubtotal => Get();

    public static string CheckoutDiscount => Get();

    public static string CheckoutShippingFee => Get();

    public static string CheckoutTotal => Get();

    public static string CheckoutPlace => Get();

    public static string CheckoutBackToCart => Get();

    public static string CheckoutFree => Get();

    public static string CheckoutCannotPlace => Get();

    public static string CheckoutGoShopping => Get();

    public static string ShippingKind(ShippingFeeKind kind) => Get("ShippingKind_" + kind);
}
