using System.Globalization;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Common;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Audit;

/// <summary>
/// Checks the store's audit chain (<see cref="AuditChainVerifier"/>): every entry's hash against its content and the
/// entry before, every position from the archived prefix up to the chain head present. Reads the head first and the
/// entries up to it, so entries committed meanwhile are not taken for a broken tail. Also the command line's
/// <c>verify-audit --store &lt;slug&gt;</c> (<see cref="CommandLineAsync"/>).
/// </summary>
public static class VerifyAuditChain
{
    public sealed record Query : IRequest<AuditVerification>;

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, AuditVerification>
    {
        public async Task<AuditVerification> Handle(Query request, CancellationToken cancellationToken)
        {
            var storeId = db.TenantId!.Value;
            var head = await db.Database.SqlQuery<ChainHead>($"""
                    select seq as "Seq", hash as "Hash", archived_seq as "ArchivedSeq", archived_hash as "ArchivedHash"
                    from audit_chain_heads where tenant_id = {storeId}
                    """)
                .FirstOrDefaultAsync(cancellationToken) ?? new ChainHead();
            var verifier = new AuditChainVerifier(head.ArchivedSeq, head.ArchivedHash);
            var entries = db.AuditLog.AsNoTracking().Where(a => a.Seq <= head.Seq).OrderBy(a => a.Seq)
                .Select(a => new AuditLink(a.Seq, a.TenantId, a.Id, a.At, a.ActorId, a.Role, a.Action, a.EntityId, a.Details, a.Changes, a.RequestId,
                    a.PrevHash, a.Hash));
            await foreach (var entry in entries.AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                verifier.Add(entry);
            }

            return verifier.Finish(head.Seq, head.Hash);
        }
    }

    /// <summary>A row of audit_chain_heads.</summary>
    internal sealed class ChainHead
    {
        public long Seq { get; set; }

        public string Hash { get; set; } = "";

        public long ArchivedSeq { get; set; }

        public string ArchivedHash { get; set; } = "";
    }

    /// <summary>
    /// <c>verify-audit --store demo</c>: prints the result; exit code 0 when the chain is intact, 1 when broken, 2 for a
    /// missing or unknown store.
    /// </summary>
    public static async Task<int> CommandLineAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var at = Array.IndexOf(args, "--store");
        var slug = at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        StoreInfo? store = null;
        if (slug is not null)
        {
            await using var lookup = services.CreateAsyncScope();
            store = await lookup.ServiceProvider.GetRequiredService<StoreDirectory>().FindBySlugAsync(slug, default);
        }

        if (store is null)
        {
            await output.WriteLineAsync(string.Format(CultureInfo.CurrentCulture, AuditText.UnknownStore, slug ?? "--store ?"));
            return 2;
        }

        await using var scope = services.GetRequiredService<StoreScopes>().For(store);
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new Query());
        await output.WriteLineAsync($"{store.Slug}: {AuditFormat.Verification(result)}");
        return result.Valid ? 0 : 1;
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/audit/verify", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Query(), ct)))
            .RequireAuthorization(Policies.StoreOwner).WithTags("Admin audit");
}
