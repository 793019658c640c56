using Storefront.Domain.Common;

namespace Storefront.Domain.Tests.Common;

public sealed class AuditChainTests
{
    private static readonly Guid Store = Guid.Parse("11111111-2222-3333-4444-555555555555");
    private static readonly DateTimeOffset At = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_hash_covers_the_previous_hash_and_each_field_as_the_database_writes_them()
    {
        // The same text as audit_entry_hash in migration 0035 (checked against PostgreSQL by AuditTrailTests): fixed here,
        // so a change of the format shows.
        var entry = new AuditLink(1, Store, Guid.Parse("00000000-0000-0000-0000-000000000001"), At.AddTicks(1_234_560), null, "Owner",
            "商品.改价", "p-1", "{\"a\":1}", "[]", "req-1", "", "");
        Assert.Equal("c5afffcff2f9ad4592045716acde03c7002206c58bcb34ab76509099d2ada185", AuditChain.Hash(entry));
    }

    [Fact]
    public void A_null_field_and_an_empty_one_hash_differently()
    {
        var entry = Link(1, "");
        Assert.NotEqual(AuditChain.Hash(entry), AuditChain.Hash(entry with { RequestId = "" }));
    }

    [Fact]
    public void An_intact_chain_is_valid_and_its_head_matches()
    {
        var chain = Chain(5);
        var result = Verify(chain, 5, chain[^1].Hash);
        Assert.True(result.Valid);
        Assert.Equal(5, result.Checked);
        Assert.Equal(5, result.LastSeq);
    }

    [Fact]
    public void A_changed_entry_is_reported_at_its_position()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { Details = "{\"price\":\"0.01\"}" };
        var result = Verify(chain, 5, chain[^1].Hash);
        Assert.Equal([new AuditProblem(3, AuditProblemKind.Changed)], result.Problems);
    }

    [Fact]
    public void A_changed_entry_given_a_fresh_hash_breaks_the_link_of_the_next()
    {
        var chain = Chain(5);
        var forged = chain[2] with { Details = "{\"forged\":true}" };
        chain[2] = forged with { Hash = AuditChain.Hash(forged) };
        var result = Verify(chain, 5, chain[^1].Hash);
        Assert.Equal([new AuditProblem(4, AuditProblemKind.Unlinked)], result.Problems);
    }

    [Fact]
    public void A_deleted_entry_is_reported_as_missing_at_its_position()
    {
        var chain = Chain(5);
        chain.RemoveAt(1);
        var result = Verify(chain, 5, chain[^1].Hash);
        Assert.Equal([new AuditProblem(2, AuditProblemKind.Missing)], result.Problems);
    }

    [Fact]
    public void A_deleted_tail_is_reported_against_the_head()
    {
        var chain = Chain(5);
        var head = chain[^1].Hash;
        chain.RemoveRange(3, 2);
        var result = Verify(chain, 5, head);
        Assert.Equal([new AuditProblem(4, AuditProblemKind.Missing), new AuditProblem(5, AuditProblemKind.Missing)], result.Problems);
    }

    [Fact]
    public void The_last_entry_rewritten_with_a_fresh_hash_no_longer_matches_the_head()
    {
        var chain = Chain(3);
        var head = chain[^1].Hash;
        var forged = chain[2] with { Action = "nothing" };
        chain[2] = forged with { Hash = AuditChain.Hash(forged) };
        Assert.Equal([new AuditProblem(3, AuditProblemKind.Changed)], Verify(chain, 3, head).Problems);
    }

    [Fact]
    public void After_an_archival_the_chain_starts_from_the_archived_hash()
    {
        var chain = Chain(6);
        var archived = chain[2];
        var rest = chain.Skip(3).ToList();
        var verifier = new AuditChainVerifier(archived.Seq, archived.Hash);
        rest.ForEach(verifier.Add);
        Assert.True(verifier.Finish(6, chain[^1].Hash).Valid);

        var wrongAnchor = new AuditChainVerifier(archived.Seq, "0");
        rest.ForEach(wrongAnchor.Add);
        Assert.Equal([new AuditProblem(4, AuditProblemKind.Unlinked)], wrongAnchor.Finish(6, chain[^1].Hash).Problems);
    }

    [Fact]
    public void An_empty_chain_is_valid()
    {
        var result = new AuditChainVerifier().Finish(0, "");
        Assert.True(result.Valid);
        Assert.Equal(0, result.Checked);
    }

    private static AuditVerification Verify(List<AuditLink> chain, long headSeq, string headHash)
    {
        var verifier = new AuditChainVerifier();
        chain.ForEach(verifier.Add);
        return verifier.Finish(headSeq, headHash);
    }

    private static List<AuditLink> Chain(int length)
    {
        var chain = new List<AuditLink>();
        var prev = "";
        for (var seq = 1; seq <= length; seq++)
        {
            var link = Link(seq, prev);
            link = link with { Hash = AuditChain.Hash(link) };
            chain.Add(link);
            prev = link.Hash;
        }

        return chain;
    }

    private static AuditLink Link(long seq, string prev) => new(seq, Store, Guid.CreateVersion7(At), At.AddMinutes(seq), Guid.NewGuid(), "Merchant",
        "UpdateProduct", "p-" + seq, "{}", "[]", null, prev, "");
}
