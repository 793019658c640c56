namespace Storefront.Web;

// The words of the cart, the add-to-cart form and the address book. Keys live in Resources/Text.resx (zh-CN) and
// Resources/Text.en.resx under "ordering: cart and addresses".
public static partial class Text
{
    public static string CartTitle => Get();

    public static string CartLink => Get();

    public static string CartBadgeLabel => Get();

    public static string CartEmpty => Get();

    public static string CartContinueShopping => Get();

    public static string CartAdded => Get();

    public static string CartAddToCart => Get();

    public static string CartQuantity => Get();

    public static string CartUpdate => Get();

    public static string CartRemove => Get();

    public static string CartSelectLine => Get();

    public static string CartUnselectLine => Get();

    public static string CartSelectAll => Get();

    public static string CartUnselectAll => Get();

    public static string CartProduct => Get();

    public static string CartUnitPrice => Get();

    public static string CartLineTotal => Get();

    public static string CartSelectedSummary => Get();

    public static string CartSubtotal => Get();

    public static string CartCheckout => Get();

    public static string CartAcknowledgePrices => Get();

    public static string CartPriceChangedBanner => Get();

    public static string CartFixLines => Get();

    public static string CartNoteDelisted => Get();

    public static string CartNoteSoldOut => Get();

    public static string CartNoteNotEnoughStock => Get();

    public static string CartNotePriceDown => Get();

    public static string CartNotePriceUp => Get();

    public static string CartStock => Get();

    public static string CartStockWithCart => Get();

    public static string CartAddRefusedStock => Get();

    public static string CartAddRefusedLines => Get();

    public static string CartChooseSku => Get();

    public static string CartQuantityRange => Get();

    public static string CartQuantityMissing => Get();

    public static string CartUnknownSku => Get();

    public static string CartTooManyLines => Get();

    public static string CartLineNotFound => Get();

    public static string CartNothingToChange => Get();

    public static string AddressBook => Get();

    public static string AddressName => Get();

    public static string AddressPhone => Get();

    public static string AddressProvince => Get();

    public static string AddressCity => Get();

    public static string AddressDistrict => Get();

    public static string AddressStreet => Get();

    public static string AddressIsDefault => Get();

    public static string AddressDefault => Get();

    public static string AddressSetDefault => Get();

    public static string AddressEdit => Get();

    public static string AddressDelete => Get();

    public static string AddressAdd => Get();

    public static string AddressEditing => Get();

    public static string AddressSave => Get();

    public static string AddressCancelEdit => Get();

    public static string AddressNone => Get();

    public static string AddressSaved => Get();

    public static string AddressDeleted => Get();

    public static string AddressPhoneInvalid => Get();

    public static string AddressStreetShort => Get();

    public static string AddressNotFound => Get();

    public static string AddressBookFull => Get();
}
