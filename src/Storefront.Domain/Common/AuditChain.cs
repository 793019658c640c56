using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Storefront.Domain.Common;

/// <summary>
/// The rules of a store's audit hash chain (docs/decisions/0037-audit-chain.md). Entry n carries seq n, the hash of
/// entry n−1 (empty for the first, or the archived entry's hash after an archival) and its own hash: SHA-256, lower-case
/// hex, over the previous hash and its content, each field written as its UTF-8 length, ':', the text and ';' (null as
/// "-;"), the time as microseconds since 1970. The database's trigger (migration 0035, audit_entry_hash) writes the same.
/// </summary>
public static class AuditChain
{
    public static string Hash(AuditLink entry)
    {
        var text = new StringBuilder(256);
        Field(text, entry.PrevHash);
        Field(text, entry.Seq.ToString(CultureInfo.InvariantCulture));
        Field(text, entry.TenantId.ToString());
        Field(text, entry.Id.ToString());
        Field(text, ((entry.At.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10).ToString(CultureInfo.InvariantCulture));
        Field(text, entry.ActorId?.ToString());
        Field(text, entry.Role);
        Field(text, entry.Action);
        Field(text, entry.EntityId);
        Field(text, entry.Details);
        Field(text, entry.Changes);
        Field(text, entry.RequestId);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Field(StringBuilder text, string? value)
    {
        if (value is null)
        {
            text.Append("-;");
            return;
        }

        text.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');
    }
}

/// <summary>What an entry's hash covers, with the hashes it carries.</summary>
public sealed record AuditLink(
    long Seq,
    Guid TenantId,
    Guid Id,
    DateTimeOffset At,
    Guid? ActorId,
    string? Role,
    string Action,
    string EntityId,
    string Details,
    string Changes,
    string? RequestId,
    string PrevHash,
    string Hash);

/// <summary>Where the chain is broken: an entry whose content no longer matches its hash, one missing, or one not linked to the one before.</summary>
public enum AuditProblemKind
{
    Changed,
    Missing,
    Unlinked,
}

public sealed record AuditProblem(long Position, AuditProblemKind Kind);

/// <summary>The outcome: how many entries were checked, the last position, and the problems by position.</summary>
public sealed record AuditVerification(long Checked, long LastSeq, IReadOnlyList<AuditProblem> Problems)
{
    public bool Valid => Problems.Count == 0;
}

/// <summary>
/// Checks a store's chain entry by entry, in seq order, without holding it in memory. Starts after the archived prefix
/// (its last seq and hash); <see cref="Finish"/> compares the end with the chain head, so a deleted tail shows too.
/// </summary>
public sealed class AuditChainVerifier(long archivedSeq = 0, string archivedHash = "")
{
    private const int MaxProblems = 1000;
    private readonly List<AuditProblem> _problems = [];
    private readonly long _archivedSeq = archivedSeq;
    private long _expectedSeq = archivedSeq + 1;
    private string _expectedPrev = archivedHash;
    private long _checked;

    public void Add(AuditLink entry)
    {
        _checked++;
        var gap = entry.Seq > _expectedSeq;
        for (var missing = _expectedSeq; missing < entry.Seq && missing < _expectedSeq + MaxProblems; missing++)
        {
            Report(missing, AuditProblemKind.Missing);
        }

        if (!gap && entry.PrevHash != _expectedPrev)
        {
            Report(entry.Seq, AuditProblemKind.Unlinked);
        }

        if (AuditChain.Hash(entry) != entry.Hash)
        {
            Report(entry.Seq, AuditProblemKind.Changed);
        }

        _expectedSeq = Math.Max(_expectedSeq, entry.Seq + 1);
        _expectedPrev = entry.Hash;
    }

    /// <summary>The result, given the head's last seq and hash (0 and "" when the store has no entries yet).</summary>
    public AuditVerification Finish(long headSeq, string headHash)
    {
        var lastSeq = _expectedSeq - 1;
        for (var missing = _expectedSeq; missing <= headSeq && missing < _expectedSeq + MaxProblems; missing++)
        {
            Report(missing, AuditProblemKind.Missing);
        }

        if (headSeq == lastSeq && lastSeq > _archivedSeq && headHash != _expectedPrev)
        {
            Report(lastSeq, AuditProblemKind.Changed);   // the last entry rewritten with a fresh hash: the head still has the old one
        }

        return new AuditVerification(_checked, Math.Max(headSeq, lastSeq), _problems);
    }

    private void Report(long position, AuditProblemKind kind)
    {
        if (_problems.Count < MaxProblems && !_problems.Contains(new AuditProblem(position, kind)))
        {
            _problems.Add(new AuditProblem(position, kind));
        }
    }
}
