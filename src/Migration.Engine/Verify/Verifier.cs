using Migration.Engine.Link;
using Migration.Engine.Registry;
using Migration.Engine.Plan;

namespace Migration.Engine.Verify;

/// <summary>
/// For every selected source image, the target's manifest digest under the same tag (or digest, for untagged
/// manifests) must equal the source's, and every child of an index must be there too.
/// </summary>
/// <param name="link">The slots the checks share (a migration's, so its measured limit carries over); by default the
/// verification finds its own, starting from the round trip of its first checks.</param>
public sealed class Verifier(ITargetInspector inspector, LinkGovernor? link = null)
{
    public Verifier(RegistryClient target, LinkGovernor? link = null) : this(new RegistryTargetInspector(target), link)
    {
    }

    /// <param name="confirmed">Items whose tag the caller saw on the target with the right digest moments ago and did
    /// not write since (a migration's plan); their tag is not asked for again, only their index children.</param>
    public Task<VerificationReport> VerifyAsync(IReadOnlyList<MigrationItem> items, CancellationToken cancellationToken) =>
        VerifyAsync(items, new HashSet<int>(), cancellationToken);

    public async Task<VerificationReport> VerifyAsync(IReadOnlyList<MigrationItem> items, IReadOnlySet<int> confirmed, CancellationToken cancellationToken)
    {
        var entries = new VerifyEntry[items.Count];
        using var ownLink = link is null ? new LinkGovernor() : null;
        var slots = link ?? ownLink!;
        // Harbor answers from one artifact listing per repository; a plain registry, a HEAD per image.
        var checks = new Checks(new ListedTargetInspector(inspector), slots);
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = slots.MaxConcurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                try
                {
                    entries[i] = await VerifyOneAsync(checks, items[i], confirmed.Contains(i), ct);
                }
                catch (RegistryException ex)
                {
                    var item = items[i];
                    entries[i] = new VerifyEntry(item.SourceRepository, item.Reference, item.TargetRepository, item.Image.Digest, null,
                        VerifyStatus.Error, $"{item.TargetRepository}:{item.Reference}: {ex.Message}");
                }
            });
        return new VerificationReport(entries);
    }

    private static async Task<VerifyEntry> VerifyOneAsync(Checks inspector, MigrationItem item, bool confirmed, CancellationToken cancellationToken)
    {
        var entry = new VerifyEntry(item.SourceRepository, item.Reference, item.TargetRepository, item.Image.Digest, null, VerifyStatus.Match);
        // An image that could not be copied (its source is damaged, its name or project is refused) still counts: it
        // passes only if the target holds it anyway, with the digest the source names.
        if (item.Error is not null || !item.Image.IsCopyable) return await NotCopiedAsync(inspector, item, entry, cancellationToken);

        var actual = confirmed ? Oci.Digest.Parse(item.Image.Digest) : await inspector.GetDigestAsync(item.TargetRepository, item.Reference, cancellationToken);
        if (actual is null)
            return entry with { Status = VerifyStatus.Missing, Detail = $"{item.TargetRepository}:{item.Reference} is not on the target" };
        entry = entry with { TargetDigest = actual.ToString() };
        if (actual.ToString() != item.Image.Digest)
            return entry with { Status = VerifyStatus.Different, Detail = $"{item.TargetRepository}:{item.Reference} is {actual} on the target, {item.Image.Digest} in the source" };

        // An index's children are asked for together: one after another, each would add a round trip.
        var children = item.Image.Manifests.SkipLast(1).ToList();
        var found = await Task.WhenAll(children.Select(child => inspector.GetChildAsync(item.TargetRepository, child.Digest, cancellationToken)));
        if (Array.IndexOf(found, null) is var missing and >= 0)
            return entry with { Status = VerifyStatus.ChildMissing, Detail = $"child manifest {children[missing].Digest} is not in {item.TargetRepository}" };
        // A signature or SBOM must be tied to its image, not merely present.
        if (item.Subject is { } subject && Oci.Digest.TryParse(subject, out var subjectDigest)
            && await inspector.IsAttachedAsync(item.TargetRepository, subjectDigest, actual.Value, cancellationToken) == false)
            return entry with { Status = VerifyStatus.NotAttached, Detail = $"{item.Display} is on the target but not attached to {item.TargetRepository}@{subject}" };
        return entry;
    }

    private static async Task<VerifyEntry> NotCopiedAsync(Checks inspector, MigrationItem item, VerifyEntry entry, CancellationToken cancellationToken)
    {
        var reason = item.Error ?? $"{item.Display} could not be read from the source";
        var notCopied = entry with { Status = VerifyStatus.NotCopied, Detail = $"{item.Display} was not copied: {reason}" };
        if (!Oci.Digest.TryParse(item.Image.Digest, out var digest)) return notCopied;
        try
        {
            return await inspector.GetDigestAsync(item.TargetRepository, item.Reference, cancellationToken) == digest
                ? entry with { TargetDigest = digest.ToString() } : notCopied;
        }
        catch (RegistryException)
        {
            return notCopied;
        }
    }

    /// <summary>The inspector's questions, each in one of the link's slots and timed: the time of a check is the round
    /// trip the link's limit starts from.</summary>
    private sealed class Checks(ITargetInspector inspector, LinkGovernor link)
    {
        // Tags of one repository often share an index's children: each is asked for once.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), Lazy<Task<Oci.Digest?>>> _children = new();

        public Task<Oci.Digest?> GetDigestAsync(string repository, string reference, CancellationToken cancellationToken) =>
            TimedAsync(() => inspector.GetDigestAsync(repository, reference, cancellationToken), cancellationToken);

        public Task<Oci.Digest?> GetChildAsync(string repository, Oci.Digest child, CancellationToken cancellationToken) =>
            _children.GetOrAdd((repository, child.ToString()), key => new Lazy<Task<Oci.Digest?>>(() =>
                GetDigestAsync(key.Item1, key.Item2, cancellationToken))).Value;

        public Task<bool?> IsAttachedAsync(string repository, Oci.Digest subject, Oci.Digest referrer, CancellationToken cancellationToken) =>
            TimedAsync(() => inspector.IsAttachedAsync(repository, subject, referrer, cancellationToken), cancellationToken);

        private async Task<T> TimedAsync<T>(Func<Task<T>> check, CancellationToken cancellationToken)
        {
            using var slot = await link.EnterAsync(cancellationToken);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var answer = await check();
            link.ObserveRoundTrip(System.Diagnostics.Stopwatch.GetElapsedTime(started));
            return answer;
        }
    }
}
