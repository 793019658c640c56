using System.Globalization;
using System.Resources;
using System.Runtime.CompilerServices;
using Storefront.Domain.Catalog;

namespace Storefront.Web;

/// <summary>
/// The interface's words, from Resources/Text.resx (zh-CN, the neutral language) and Resources/Text.en.resx,
/// in the current UI culture. A test checks that both files hold every key.
/// </summary>
public static partial class Text
{
    internal static readonly ResourceManager Resources = new("Storefront.Web.Resources.Text", typeof(Text).Assembly);

    public static string AccessDenied => Get();

    public static string AdminArea => Get();

    public static string AppointOwner => Get();

    public static string BackHome => Get();

    public static string BadCredentials => Get();

    public static string ChangePassword => Get();

    public static string ConfirmPassword => Get();

    public static string Create => Get();

    public static string CreatedAt => Get();

    public static string Currency => Get();

    public static string CurrentPassword => Get();

    public static string Description => Get();

    public static string DisplayName => Get();

    public static string Email => Get();

    public static string EmailTaken => Get();

    public static string FixFields => Get();

    public static string HaveAccountSignIn => Get();

    public static string Language => Get();

    public static string ListNow => Get();

    public static string Loading => Get();

    public static string LockedOut => Get();

    public static string NewArrivals => Get();

    public static string NewPassword => Get();

    public static string NewProduct => Get();

    public static string NewStore => Get();

    public static string NoAccountRegister => Get();

    public static string NoProductsYet => Get();

    public static string NoRoleHere => Get();

    public static string NotPlatformAdmin => Get();

    public static string OwnerAppointed => Get();

    public static string PageNotFound => Get();

    public static string Password => Get();

    public static string PasswordChanged => Get();

    public static string PasswordForNewAccount => Get();

    public static string PasswordNeedsDigit => Get();

    public static string PasswordRequiredForNewAccount => Get();

    public static string PasswordsDiffer => Get();

    public static string PlatformConsole => Get();

    public static string Price => Get();

    public static string PriceCents => Get();

    public static string ProductCreated => Get();

    public static string ProductName => Get();

    public static string Products => Get();

    public static string Reactivate => Get();

    public static string Register => Get();

    public static string RememberMe => Get();

    public static string Save => Get();

    public static string SignIn => Get();

    public static string SignOut => Get();

    public static string SlugRules => Get();

    public static string SlugTaken => Get();

    public static string StaffSignIn => Get();

    public static string Status => Get();

    public static string StoreActive => Get();

    public static string StoreCreated => Get();

    public static string StoreName => Get();

    public static string StoreNotFound => Get();

    public static string StoreSlug => Get();

    public static string StoreSuspended => Get();

    public static string Stores => Get();

    public static string Suspend => Get();

    public static string UnsupportedLanguage => Get();

    public static string ViewStore => Get();

    public static string WrongPassword => Get();

    public static string YourRoles => Get();

    public static string SkuCodeTaken => Get();

    public static string CategoryNotFound => Get();

    public static string ShopSearchTooLong => Get();

    public static string ShopSearchBadFilter => Get();

    public static string ShopSearchBadPrice => Get();

    public static string ShopSearchBadSort => Get();

    public static string ShopSearch => Get();

    public static string ShopSearchPlaceholder => Get();

    public static string ShopSearchResultsFor => Get();

    public static string ShopAllProducts => Get();

    public static string ShopResultCount => Get();

    public static string ShopNoResults => Get();

    public static string ShopCategories => Get();

    public static string ShopFeatured => Get();

    public static string ShopHome => Get();

    public static string ShopBrand => Get();

    public static string ShopPrice => Get();

    public static string ShopPriceAndUp => Get();

    public static string ShopMinPrice => Get();

    public static string ShopMaxPrice => Get();

    public static string ShopApply => Get();

    public static string ShopClearFilters => Get();

    public static string ShopFilters => Get();

    public static string ShopSortBy => Get();

    public static string ShopSortRelevance => Get();

    public static string ShopSortPriceAsc => Get();

    public static string ShopSortPriceDesc => Get();

    public static string ShopSortNewest => Get();

    public static string ShopSortBestSelling => Get();

    public static string ShopPreviousPage => Get();

    public static string ShopNextPage => Get();

    public static string ShopPageOf => Get();

    public static string ShopSoldOut => Get();

    public static string ShopDelisted => Get();

    public static string ShopDelistedNotice => Get();

    public static string ShopInStock => Get();

    public static string ShopChooseSku => Get();

    public static string ShopChosen => Get();

    public static string ShopChoose => Get();

    public static string ShopDetails => Get();

    public static string ShopSpecifications => Get();

    public static string ShopMarketPrice => Get();

    public static string ShopSkuCode => Get();

    public static string ShopBreadcrumb => Get();

    public static string ShopPages => Get();

    public static string ShopPriceFrom => Get();
    public static string AdjustStock => Get();

    public static string AllCategories => Get();

    public static string AllStatuses => Get();

    public static string Available => Get();

    public static string Cancel => Get();

    public static string ChooseCsvFile => Get();

    public static string CountMatchesOnHand => Get();

    public static string CountedQuantity => Get();

    public static string CsvBadPrice => Get();

    public static string CsvBadQuotes => Get();

    public static string CsvBadSlug => Get();

    public static string CsvBadSpecs => Get();

    public static string CsvBadStatus => Get();

    public static string CsvBadWholeNumber => Get();

    public static string CsvCannotReturnToDraft => Get();

    public static string CsvCategoryNotFound => Get();

    public static string CsvChooseFile => Get();

    public static string CsvColumn => Get();

    public static string CsvDuplicateCombination => Get();

    public static string CsvDuplicateSku => Get();

    public static string CsvEmpty => Get();

    public static string CsvImportNote => Get();

    public static string CsvImported => Get();

    public static string CsvInconsistent => Get();

    public static string CsvMissingColumn => Get();

    public static string CsvNoRows => Get();

    public static string CsvProblem => Get();

    public static string CsvRefused => Get();

    public static string CsvRequired => Get();

    public static string CsvReservedSkuRemoved => Get();

    public static string CsvRow => Get();

    public static string CsvSkuCodeUsed => Get();

    public static string CsvSpecNamesDiffer => Get();

    public static string CsvStockBelowReserved => Get();

    public static string CsvTooLarge => Get();

    public static string CsvTooLong => Get();

    public static string CsvTooManyRows => Get();

    public static string Delta => Get();

    public static string DeltaHint => Get();

    public static string DeltaNotZero => Get();

    public static string DeltaOrCountRequired => Get();

    public static string DownloadCsv => Get();

    public static string ExportCsv => Get();

    public static string ExportCsvExplained => Get();

    public static string ImportCsv => Get();

    public static string ImportCsvExplained => Get();

    public static string ImportExportProducts => Get();

    public static string LowStockAlerts => Get();

    public static string LowStockExplained => Get();

    public static string LowStockOnly => Get();

    public static string LowStockThreshold => Get();

    public static string NoLowStock => Get();

    public static string NoStockHistory => Get();

    public static string Note => Get();

    public static string OnHand => Get();

    public static string OnHandAfter => Get();

    public static string Operator => Get();

    public static string ProductsFound => Get();

    public static string Reason => Get();

    public static string Reserved => Get();

    public static string Search => Get();

    public static string SearchProducts => Get();

    public static string SearchTooLong => Get();

    public static string SkuCode => Get();

    public static string SkuNotFound => Get();

    public static string Spec => Get();

    public static string Stock => Get();

    public static string StockAdjusted => Get();

    public static string StockHistory => Get();

    public static string StockMovedRetry => Get();

    public static string Time => Get();

    public static string StockNotEnough => Get();

    public static string StockBelowReserved => Get();

    public static string ProductStatus(ProductStatus status) => Get("ProductStatus_" + status);

    public static string StockReason(StockReason reason) => Get("StockReason_" + reason);

    private static string Get([CallerMemberName] string key = "") =>
        Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;
}
