using Migration.Engine.Registry;
using Migration.Engine.Plan;

namespace Migration.Engine.Verify;

/// <summary>
/// For every selected source image, the target's manifest digest under the same tag (or digest, for untagged
/// manifests) must equal the source's, and every child of an index must be there too.
/// </summary>
public sealed class Verifier(ITargetInspector inspector, int concurrency = 16)
{
    public Verifier(RegistryClient target, int concurrency = 16) : this(new RegistryTargetInspector(target), concurrency)
    {
    }

    /// <param name="confirmed">Items whose tag the caller saw on the target with the right digest moments ago and did
    /// not write since (a migration's plan); their tag is not asked for again, only their index children.</param>
    public Task<VerificationReport> VerifyAsync(IReadOnlyList<MigrationItem> items, CancellationToken cancellationToken) =>
        VerifyAsync(items, new HashSet<int>(), cancellationToken);

    public async Task<VerificationReport> VerifyAsync(IReadOnlyList<MigrationItem> items, IReadOnlySet<int> confirmed, CancellationToken cancellationToken)
    {
        var entries = new VerifyEntry[items.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                try
                {
                    entries[i] = await VerifyOneAsync(items[i], confirmed.Contains(i), ct);
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

    private async Task<VerifyEntry> VerifyOneAsync(MigrationItem item, bool confirmed, CancellationToken cancellationToken)
    {
        var entry = new VerifyEntry(item.SourceRepository, item.Reference, item.TargetRepository, item.Image.Digest, null, VerifyStatus.Match);
        // An image that could not be copied (its source is damaged, its name or project is refused) still counts: it
        // passes only if the target holds it anyway, with the digest the source names.
        if (item.Error is not null || !item.Image.IsCopyable) return await NotCopiedAsync(item, entry, cancellationToken);

        var actual = confirmed ? Oci.Digest.Parse(item.Image.Digest) : await inspector.GetDigestAsync(item.TargetRepository, item.Reference, cancellationToken);
        if (actual is null)
            return entry with { Status = VerifyStatus.Missing, Detail = $"{item.TargetRepository}:{item.Reference} is not on the target" };
        entry = entry with { TargetDigest = actual.ToString() };
        if (actual.ToString() != item.Image.Digest)
            return entry with { Status = VerifyStatus.Different, Detail = $"{item.TargetRepository}:{item.Reference} is {actual} on the target, {item.Image.Digest} in the source" };

        var manifests = item.Image.Manifests;
        for (var i = 0; i < manifests.Count - 1; i++)
        {
            if (await inspector.GetDigestAsync(item.TargetRepository, manifests[i].Digest.ToString(), cancellationToken) is null)
                return entry with { Status = VerifyStatus.ChildMissing, Detail = $"child manifest {manifests[i].Digest} is not in {item.TargetRepository}" };
        }
        // A signature or SBOM must be tied to its image, not merely present.
        if (item.Subject is { } subject && Oci.Digest.TryParse(subject, out var subjectDigest)
            && await inspector.IsAttachedAsync(item.TargetRepository, subjectDigest, actual.Value, cancellationToken) == false)
            return entry with { Status = VerifyStatus.NotAttached, Detail = $"{item.Display} is on the target but not attached to {item.TargetRepository}@{subject}" };
        return entry;
    }

    private async Task<VerifyEntry> NotCopiedAsync(MigrationItem item, VerifyEntry entry, CancellationToken cancellationToken)
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
}
