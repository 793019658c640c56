using Storefront.Domain.Accounts;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Privacy;

/// <summary>The consents a registration gives: the store's current policy (when it has one) and the marketing choice.</summary>
internal static class RecordConsents
{
    public static void AtRegistration(StorefrontDb db, Shopper shopper, int? policyVersion, bool marketingOptIn, DateTimeOffset now)
    {
        if (policyVersion is { } version)
        {
            db.ConsentRecords.Add(shopper.AcceptPrivacyPolicy(version, now));
        }

        if (shopper.ChooseMarketing(marketingOptIn, now) is { } marketing)
        {
            db.ConsentRecords.Add(marketing);
        }
    }
}
