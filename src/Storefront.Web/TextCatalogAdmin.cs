namespace Storefront.Web;

// The words of the admin catalog pages (categories, product editor, listing, images). Keys live in
// Resources/Text.resx (zh-CN) and Resources/Text.en.resx like every other text.
public static partial class Text
{
    public static string AddAttribute => Get();

    public static string AddSpec => Get();

    public static string AddSubcategory => Get();

    public static string AdminProductNotFound => Get();

    public static string ApplyToAll => Get();

    public static string AttributesHint => Get();

    public static string BasicInfo => Get();

    public static string BatchFill => Get();

    public static string CancelAction => Get();

    public static string CategoriesAdmin => Get();

    public static string CategoryDeleted => Get();

    public static string CategoryHasChildren => Get();

    public static string CategoryHasProducts => Get();

    public static string CategoryName => Get();

    public static string CategorySaved => Get();

    public static string CategorySavedWithRedirect => Get();

    public static string CategorySlug => Get();

    public static string CategorySlugHint => Get();

    public static string CategorySlugRules => Get();

    public static string CategorySlugTaken => Get();

    public static string ClearSchedule => Get();

    public static string DeleteAction => Get();

    public static string DelistNow => Get();

    public static string DelistedAt => Get();

    public static string EditAction => Get();

    public static string EditCategory => Get();

    public static string EditProduct => Get();

    public static string FeaturedFlag => Get();

    public static string FilterAttributes => Get();

    public static string ImageEmpty => Get();

    public static string ImageHint => Get();

    public static string ImageLabel => Get();

    public static string ImageNameInvalid => Get();

    public static string ImageTooLarge => Get();

    public static string ImageTypeNotSupported => Get();

    public static string ImageUploadForm => Get();

    public static string ImagesHint => Get();

    public static string ListNowButton => Get();

    public static string ListedAt => Get();

    public static string ListingPanel => Get();

    public static string MainImage => Get();

    public static string MarkdownHint => Get();

    public static string MoveDown => Get();

    public static string MoveUp => Get();

    public static string NewCategory => Get();

    public static string NoCategoriesYet => Get();

    public static string NoCategoryChosen => Get();

    public static string ParentCategory => Get();

    public static string ProductBrand => Get();

    public static string ProductCategory => Get();

    public static string ProductDelisted => Get();

    public static string ProductImages => Get();

    public static string ProductListed => Get();

    public static string ProductSaved => Get();

    public static string ProductSlug => Get();

    public static string ProductSubtitle => Get();

    public static string RemoveAction => Get();

    public static string SaveSchedule => Get();

    public static string ScheduleCleared => Get();

    public static string ScheduleSaved => Get();

    public static string ScheduleTimeZoneHint => Get();

    public static string ScheduledDelistAt => Get();

    public static string ScheduledListAt => Get();

    public static string SeoDescription => Get();

    public static string SeoTitle => Get();

    public static string SkuCodeLabel => Get();

    public static string SkuInitialStock => Get();

    public static string SkuLowStockThreshold => Get();

    public static string SkuMarketPrice => Get();

    public static string SkuStock => Get();

    public static string SkuWeightGrams => Get();

    public static string SkusRequired => Get();

    public static string SlugAutoHint => Get();

    public static string SpecName => Get();

    public static string SpecValues => Get();

    public static string SpecsAndSkus => Get();

    public static string SpecsHint => Get();

    public static string StockViaAdjustments => Get();

    public static string TooManyCombinations => Get();

    public static string TopLevel => Get();
}
