using System.Security.Cryptography;
using System.Text;
using Migration.Engine.Copy;
using Migration.Engine.Run;

namespace Web.Features.Plans;

/// <summary>One image reference, before and after the cutover.</summary>
public sealed record CutoverReference(string OldReference, string NewReference, string Digest);

/// <summary>
/// The proof a cutover leaves: every reference the final run left on the target, old → new @digest, with the
/// SHA-256 of the list (<see cref="Csv"/>, exactly the bytes of the CSV download), the counts, the times and who
/// did it. Kept to drive image-reference rewrites in deployment manifests.
/// </summary>
public sealed record CutoverRecord
{
    public required int PlanId { get; init; }
    public required string Plan { get; init; }
    public required string Source { get; init; }
    public required string Target { get; init; }
    public required int FinalRunId { get; init; }
    public string? FinalRunStartedBy { get; init; }
    public required DateTimeOffset FinalRunStartedAt { get; init; }
    public DateTimeOffset? FinalRunFinishedAt { get; init; }
    public DateTimeOffset? CutoverAt { get; init; }
    public string? CutoverBy { get; init; }
    public int Tags => References.Count(r => !r.OldReference.Contains('@'));
    public int Untagged => References.Count(r => r.OldReference.Contains('@'));
    public required IReadOnlyList<CutoverReference> References { get; init; }
    /// <summary>SHA-256 of <see cref="Csv"/>: <c>sha256sum cutover-record.csv</c> gives the same.</summary>
    public string ListSha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Csv())));

    public string Csv()
    {
        var text = new StringBuilder("old_reference,new_reference,digest\n");
        foreach (var r in References) text.Append(r.OldReference).Append(',').Append(r.NewReference).Append(',').Append(r.Digest).Append('\n');
        return text.ToString();
    }

    /// <summary>The references of a finished run's report: every image it left on the target (copied or already there).</summary>
    public static IReadOnlyList<CutoverReference> ReferencesOf(MigrationReport report, string? sourceHost, string targetHost) =>
        report.Images.Where(i => i.Status != ImageStatus.Failed)
            .Select(i => new CutoverReference(Name(sourceHost, i.SourceRepository, i.Reference), Name(targetHost, i.TargetRepository, i.Reference), i.Digest))
            .OrderBy(r => r.OldReference, StringComparer.Ordinal).ToList();

    private static string Name(string? host, string repository, string reference) =>
        (host is null ? "" : host + "/") + repository + (reference.StartsWith("sha256:", StringComparison.Ordinal) ? "@" : ":") + reference;
}
