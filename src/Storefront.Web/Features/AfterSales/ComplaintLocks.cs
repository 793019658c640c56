using Microsoft.EntityFrameworkCore;
using Storefront.Domain.AfterSales;
using Storefront.Web.Infrastructure;

namespace Storefront.Web.Features.AfterSales;

/// <summary>How the complaint commands (<see cref="ReplyToComplaint"/>, <see cref="CloseComplaint"/>) load the complaint they change.</summary>
internal static class ComplaintLocks
{
    /// <summary>
    /// The complaint, tracked and locked (<c>FOR UPDATE</c>): the deadline job (<see cref="FlagOverdueComplaints"/>, SKIP
    /// LOCKED) skips it, or this waits for the job's commit and reads the flagged row, instead of failing on its version.
    /// Not found when it is not there or, with <paramref name="shopperId"/> (null for customer service), not theirs.
    /// </summary>
    public static async Task<Complaint> LockAsync(this DbSet<Complaint> complaints, Guid id, Guid? shopperId, CancellationToken ct) =>
        await complaints.FromSql($"select * from complaints where id = {id} for update")
            .SingleOrDefaultAsync(c => shopperId == null || c.ShopperId == shopperId, ct)
        ?? throw new NotFoundException("complaint", AfterSalesText.ComplaintNotFound);
}
