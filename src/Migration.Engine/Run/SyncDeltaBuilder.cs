using Migration.Engine.Copy;
using Migration.Engine.Plan;

namespace Migration.Engine.Run;

/// <summary>
/// Builds a <see cref="SyncDelta"/> while the source is read a batch at a time: each batch is compared with the
/// previous run's images as it comes, and what the previous run had that no batch brought is a deletion. Memory is
/// one entry per image of the previous run.
/// </summary>
public sealed class SyncDeltaBuilder
{
    private readonly DateTimeOffset _since;
    private readonly Dictionary<(string Repository, string Reference), ImageOutcome> _previous;
    private readonly HashSet<(string, string)> _seen = [];
    private readonly List<SourceChange> _changes = [];
    private int _unchanged;

    /// <param name="pendingDeletions">Deletions mirror to the target: a tag the previous run found deleted and did not
    /// delete (nobody confirmed) is still listed, until a confirmed run deletes it. Without, a deletion is shown once
    /// and then left: the target keeps the tag by choice, and the next delta can be empty.</param>
    public SyncDeltaBuilder(MigrationReport previous, bool pendingDeletions = false)
    {
        if (previous.DryRun) throw new ArgumentException("a dry run copied nothing; compare with the report of a run that copied");
        _since = previous.FinishedAt;
        // A reference listed twice (a combined report of runs that overlapped) counts as its last outcome.
        _previous = new Dictionary<(string, string), ImageOutcome>();
        foreach (var image in previous.Images) _previous[(image.SourceRepository, image.Reference)] = image;
        if (!pendingDeletions || previous.Delta is null) return;
        var done = previous.Deletions.Where(d => d.Deleted).Select(d => (d.TargetRepository, d.Tag)).ToHashSet();
        foreach (var pending in previous.Delta.Of(ChangeKind.Deleted).Where(d => !done.Contains((d.TargetRepository, d.Reference))))
            _previous.TryAdd((pending.SourceRepository, pending.Reference),
                new ImageOutcome(pending.SourceRepository, pending.Reference, pending.TargetRepository, pending.PreviousDigest!, ImageStatus.Copied));
    }

    /// <summary>Compares one batch; returns the changes it holds, in the batch's order.</summary>
    public IReadOnlyList<SourceChange> Observe(IEnumerable<MigrationItem> batch)
    {
        var changes = new List<SourceChange>();
        foreach (var item in batch)
        {
            var key = (item.SourceRepository, item.Reference);
            if (!_seen.Add(key)) continue;
            var digest = item.Image.Digest;
            SourceChange? change = _previous.TryGetValue(key, out var before)
                ? before.Digest != digest ? Change(ChangeKind.Moved, item, before.Digest)
                : before.Status == ImageStatus.Failed ? Change(ChangeKind.FailedBefore, item, before.Digest)
                : null
                : Change(item.Image.Tag is null ? ChangeKind.NewUntagged : ChangeKind.Added, item, null);
            if (change is null) _unchanged++;
            else changes.Add(change);
        }
        _changes.AddRange(changes);
        return changes;
    }

    /// <summary>The delta once every batch was observed: tags the previous run copied and no batch brought are deleted
    /// on the source. An untagged manifest that went is not listed: the registry's garbage collection removes those,
    /// and a tag never pointed at it.</summary>
    public SyncDelta Build()
    {
        var deleted = _previous.Values
            .Where(p => p.Status != ImageStatus.Failed && !p.Reference.StartsWith("sha256:", StringComparison.Ordinal))
            .Where(p => !_seen.Contains((p.SourceRepository, p.Reference)))
            .OrderBy(p => p.SourceRepository, StringComparer.Ordinal).ThenBy(p => p.Reference, StringComparer.Ordinal)
            .Select(p => new SourceChange(ChangeKind.Deleted, p.SourceRepository, p.TargetRepository, p.Reference, p.Digest, null));
        return new SyncDelta { Since = _since, Changes = [.. _changes, .. deleted], Unchanged = _unchanged };
    }

    private static SourceChange Change(ChangeKind kind, MigrationItem item, string? previousDigest) =>
        new(kind, item.SourceRepository, item.TargetRepository, item.Reference, previousDigest, item.Image.Digest);
}
