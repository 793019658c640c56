using System.Globalization;
using System.Text.Json;
using Storefront.Domain.Common;

namespace Storefront.Web.Features.Audit;

/// <summary>
/// How the audit trail's changes and verification are worded, in one place for the page and the CSV: changes as
/// "field: before → after". Times go through <see cref="Infrastructure.Tenancy.StoreTime"/> (the store's time zone).
/// </summary>
public static class AuditFormat
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>One line per changed record: "Product 3f2c…: Price 10.00 → 12.00; Name a → b".</summary>
    public static IReadOnlyList<string> Changes(string json)
    {
        List<AuditChange>? changes;
        try
        {
            changes = JsonSerializer.Deserialize<List<AuditChange>>(json, Json);
        }
        catch (JsonException)
        {
            return [json];
        }

        return changes is null
            ? []
            : [.. changes.Select(c => $"{c.Entity} {c.Key} ({c.State})"
                + (c.Fields.Count == 0 ? "" : ": " + string.Join("; ", c.Fields.Select(f => $"{f.Key} {Value(f.Value, 0)} → {Value(f.Value, 1)}"))))];
    }

    private static string Value(string?[] pair, int index) => pair.Length > index && pair[index] is { } v ? v : "∅";

    public static string Problem(AuditProblem problem) => string.Format(CultureInfo.CurrentCulture, problem.Kind switch
    {
        AuditProblemKind.Changed => AuditText.ProblemChanged,
        AuditProblemKind.Missing => AuditText.ProblemMissing,
        _ => AuditText.ProblemUnlinked,
    }, problem.Position);

    /// <summary>The verification as one sentence: intact with the count, or each broken position.</summary>
    public static string Verification(AuditVerification result) => result.Valid
        ? string.Format(CultureInfo.CurrentCulture, AuditText.ChainIntact, result.Checked)
        : AuditText.ChainBroken + " " + string.Join("; ", result.Problems.Select(Problem));
}
