using System.Collections.Concurrent;
using Migration.Engine.Link;
using Migration.Engine.Oci;
using Migration.Engine.Registry;

namespace Migration.Engine.Plan;

/// <summary>
/// Looks at the target before anything moves: one tags/list per target repository, then a HEAD per listed image
/// reference finds images already there, and a HEAD per blob each remaining image needs finds blobs already there.
/// A repository that lists no tags is new, so nothing in it is looked up one by one: on a registry each request
/// costs about as much as 0.5 MB of upload, and a fresh target would otherwise get a HEAD for every blob. Uploads
/// into such a repository start with a mount from the repository itself, which answers 201 for a blob an
/// interrupted run already left there, so nothing is sent twice. A finished migration re-run costs only the
/// listing and the image HEADs.
/// </summary>
public sealed class MigrationPlanner(RegistryClient target, ITargetInspector inspector, LinkGovernor link)
{
    // Harbor answers the image lookups from one artifact listing per repository.
    private readonly ListedTargetInspector _inspector = new(inspector);

    private const int LookupsInNewRepositories = 3;
    private const long WorthLookingUpInNewRepositories = 64 * 1024;

    public async Task<MigrationPlan> PlanAsync(IReadOnlyList<MigrationItem> items, CancellationToken cancellationToken)
    {
        var states = new ItemState[items.Count];
        // As many lookups as the link's slots allow: on a long link each costs a round trip of waiting.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = link.MaxConcurrency, CancellationToken = cancellationToken };
        // Null when the listing failed: then every image is looked up on its own.
        var tags = new ConcurrentDictionary<string, HashSet<string>?>();
        bool IsNew(string repository) => tags.TryGetValue(repository, out var listed) && listed is { Count: 0 };
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Error is not null || !items[i].Image.IsCopyable) states[i] = ItemState.CannotCopy;
        }
        // Each repository's images are looked up as soon as its tags are listed, not after every listing: on a long
        // link that is a round trip less of waiting, and a re-run is mostly these lookups.
        var byRepository = Enumerable.Range(0, items.Count).Where(i => states[i] != ItemState.CannotCopy).GroupBy(i => items[i].TargetRepository);
        await Parallel.ForEachAsync(byRepository, parallel, async (repository, ct) =>
        {
            var listed = tags[repository.Key] = (await LookAsync(() => target.ListTagsAsync(repository.Key, ct), ct))?.ToHashSet(StringComparer.Ordinal);
            await Parallel.ForEachAsync(repository, parallel, async (i, ct2) =>
            {
                var item = items[i];
                // An untagged manifest is looked up even in a repository with no tags: it may hold only untagged ones.
                if ((IsNew(item.TargetRepository) && item.Image.Tag is not null) || (item.Image.Tag is { } tag && listed is not null && !listed.Contains(tag)))
                {
                    states[i] = ItemState.ToCopy;
                    return;
                }
                var there = await LookAsync(() => _inspector.GetDigestAsync(item.TargetRepository, item.Reference, ct2), ct2);
                states[i] = there?.ToString() == item.Image.Digest ? ItemState.AlreadyPresent : ItemState.ToCopy;
            });
        });

        var sizes = new Dictionary<Digest, long>();
        var needs = new HashSet<(string Repository, Digest Digest)>();
        for (var i = 0; i < items.Count; i++)
        {
            if (states[i] != ItemState.ToCopy) continue;
            foreach (var blob in items[i].Image.BlobDescriptors)
            {
                sizes[blob.Digest] = blob.Size;
                needs.Add((items[i].TargetRepository, blob.Digest));
            }
        }

        // In new repositories only big blobs that several repositories share are looked up, in at most a few of them: an
        // interrupted run may have left one there, and every other repository would then mount it instead of sending
        // it again. A blob only one repository needs is found by the upload itself (docs/distribution.md#blob-links);
        // a small one costs about as much to send again as to look for.
        var repositoriesNeeding = needs.CountBy(n => n.Digest).ToDictionary();
        var sharedInNew = needs.Where(n => IsNew(n.Repository) && sizes[n.Digest] >= WorthLookingUpInNewRepositories).GroupBy(n => n.Digest)
            .Where(g => repositoriesNeeding[g.Key] > 1)
            .SelectMany(g => g.OrderBy(n => n.Repository, StringComparer.Ordinal).Take(LookupsInNewRepositories)).ToHashSet();
        var present = new ConcurrentDictionary<(string, Digest), bool>();
        await Parallel.ForEachAsync(needs, parallel, async (need, ct) =>
            present[need] = (!IsNew(need.Repository) || sharedInNew.Contains(need)) &&
                            await LookAsync(() => target.HeadBlobAsync(need.Repository, need.Digest, ct), ct) is not null);

        var found = present.Where(p => p.Value).Select(p => p.Key).ToHashSet();
        var held = found.Select(p => p.Item2).ToHashSet();
        var toUpload = needs.Select(n => n.Digest).Where(d => !held.Contains(d)).ToHashSet();
        return new MigrationPlan { Items = items, States = states, Needed = needs, Present = found, ToUpload = toUpload, BlobSizes = sizes };
    }

    // A look that fails (a missing Harbor project answers 401, a pull policy 412) plans as "not there": the copy
    // then meets the same refusal and reports it against each image, while every other image goes on.
    private async Task<T?> LookAsync<T>(Func<Task<T>> look, CancellationToken cancellationToken)
    {
        try
        {
            using var slot = await link.EnterAsync(cancellationToken);
            return await look();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is RegistryException or HttpRequestException or IOException)
        {
            return default;
        }
    }
}
