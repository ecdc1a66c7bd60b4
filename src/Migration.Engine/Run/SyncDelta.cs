using System.Text.Json.Serialization;

namespace Migration.Engine.Run;

/// <summary>How an image reference of the source changed since the previous run.</summary>
public enum ChangeKind
{
    /// <summary>A tag the previous run did not see.</summary>
    Added,
    /// <summary>A tag that now names another manifest: it is re-pointed on the target.</summary>
    Moved,
    /// <summary>A tag the previous run copied that the source no longer has. Kept on the target unless the plan
    /// mirrors deletions and the run is confirmed.</summary>
    Deleted,
    /// <summary>An untagged manifest the previous run did not see.</summary>
    NewUntagged,
    /// <summary>An image the previous run failed to copy, unchanged since: tried again.</summary>
    FailedBefore,
}

/// <summary>One reference that changed. <see cref="Reference"/> is the tag, or the digest of an untagged manifest.</summary>
public sealed record SourceChange(ChangeKind Kind, string SourceRepository, string TargetRepository, string Reference,
    string? PreviousDigest, string? Digest)
{
    public string Display => Reference.StartsWith("sha256:", StringComparison.Ordinal)
        ? $"{SourceRepository}@{Reference}" : $"{SourceRepository}:{Reference}";

    /// <summary>One line for a person: "+ app:1.2 sha256:…", "~ app:latest sha256:old → sha256:new", "- app:0.9".</summary>
    public string Describe() => Kind switch
    {
        ChangeKind.Added => $"+ {Display} {Digest}",
        ChangeKind.Moved => $"~ {Display} {PreviousDigest} → {Digest}",
        ChangeKind.Deleted => $"- {Display} (was {PreviousDigest})",
        ChangeKind.NewUntagged => $"+ {Display} (untagged)",
        _ => $"! {Display} failed last time; tried again",
    };
}

/// <summary>
/// What changed on the source since the previous run of a plan: the sync's "before" picture, shown before the run
/// applies it and kept in its report. Compared by source reference, so a changed name mapping does not read as
/// every tag deleted and added.
/// </summary>
public sealed record SyncDelta
{
    /// <summary>When the run this delta is measured against finished.</summary>
    public required DateTimeOffset Since { get; init; }
    public required IReadOnlyList<SourceChange> Changes { get; init; }
    /// <summary>References the previous run left on the target that have not changed.</summary>
    public int Unchanged { get; init; }

    public int Added => Count(ChangeKind.Added);
    public int Moved => Count(ChangeKind.Moved);
    public int Deleted => Count(ChangeKind.Deleted);
    public int NewUntagged => Count(ChangeKind.NewUntagged);
    public int FailedBefore => Count(ChangeKind.FailedBefore);

    /// <summary>Nothing to do: the target is where the previous run left it, and the source has not moved.</summary>
    [JsonIgnore]
    public bool IsEmpty => Changes.Count == 0;

    public IEnumerable<SourceChange> Of(ChangeKind kind) => Changes.Where(c => c.Kind == kind);

    /// <summary>"3 added, 1 moved, 2 deleted on the source, 0 new untagged; 145 unchanged".</summary>
    public string Summary() => IsEmpty ? $"no change since the last run ({Unchanged} unchanged)"
        : $"{Added} added, {Moved} moved, {Deleted} deleted on the source, {NewUntagged} new untagged" +
          (FailedBefore > 0 ? $", {FailedBefore} failed last time" : "") + $"; {Unchanged} unchanged";

    private int Count(ChangeKind kind) => Changes.Count(c => c.Kind == kind);
}
