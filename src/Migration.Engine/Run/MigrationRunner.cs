using System.Collections.Concurrent;
using Migration.Engine.Copy;
using Migration.Engine.Oci;
using Migration.Engine.Plan;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Migration.Engine.Verify;

namespace Migration.Engine.Run;

/// <summary>
/// Runs a migration: plan, then copy images with bounded concurrency (blobs by the copier's ladder; child manifests
/// by digest, then the index, then the tag), then verify. One image failing never stops the others.
/// </summary>
/// <param name="placements">Shared with other runs copying into the same target at the same time, so each blob is
/// uploaded by one of them; by default this run coordinates only with itself.</param>
public sealed class MigrationRunner(IImageSource source, RegistryClient target, CopyOptions options, ITargetInspector? inspector = null,
    IBlobPlacementCoordinator? placements = null)
{
    private readonly ITargetInspector _inspector = inspector ?? new RegistryTargetInspector(target);

    private readonly ConcurrentDictionary<(string, Digest), Lazy<Task>> _manifestsPushed = new();

    public async Task<MigrationReport> RunAsync(IReadOnlyList<MigrationItem> items, IProgress<CopyEvent> progress, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        // Every retry of this run, wherever it happens, is shown to the caller.
        var retry = options.Retry with { OnRetry = (what, attempt, ex) => progress.Report(new Retrying(what, attempt, Explain(ex))) };
        using var client = target.WithRetry(retry);
        var plan = await new MigrationPlanner(client, _inspector, options.Concurrency).PlanAsync(items, cancellationToken);
        progress.Report(new PlanReady(plan));
        var outcomes = new ImageOutcome[items.Count];
        using var transfers = new SemaphoreSlim(options.Concurrency);
        var copier = new BlobCopier(source, client, plan, options with { Retry = retry }, progress, transfers, placements ?? new InProcessBlobPlacements());

        if (!options.DryRun)
        {
            // Referrers (signatures, SBOMs) after the images they describe; within that, images with the most to upload
            // first, so a huge layer does not begin last and set the finish time. A referrer starts only after its
            // subject has been taken up, so waiting for it can never hold every slot.
            var subjects = SubjectsOf(items);
            var done = items.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
            var order = Enumerable.Range(0, items.Count).OrderBy(i => DepthOf(i, subjects)).ThenByDescending(plan.UploadEstimate).ToList();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Concurrency), CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(order, parallel, async (i, ct) =>
            {
                try
                {
                    var subject = subjects[i] is { } s ? done[s].Task : null;
                    outcomes[i] = await CopyItemAsync(client, plan.Items[i], plan.States[i], copier, progress, subject, ct);
                    progress.Report(new ImageFinished(outcomes[i]));
                }
                finally
                {
                    done[i].TrySetResult();
                }
            });
        }

        var images = options.DryRun ? [] : outcomes.ToList();
        var alreadyPresent = Enumerable.Range(0, items.Count).Where(i => plan.States[i] == ItemState.AlreadyPresent).ToHashSet();
        var verification = options.DryRun || !options.Verify ? null
            : await new Verifier(_inspector, Math.Max(4, options.Concurrency * 2)).VerifyAsync(items, alreadyPresent, cancellationToken);
        return new MigrationReport
        {
            Source = source.Description,
            Target = target.Connection.BaseUri.ToString(),
            StartedAt = started,
            FinishedAt = DateTimeOffset.UtcNow,
            DryRun = options.DryRun,
            Plan = PlanSummary.From(plan),
            Images = images,
            Totals = new MigrationTotals(items.Count,
                images.Count(o => o.Status == ImageStatus.Copied),
                images.Count(o => o.Status == ImageStatus.AlreadyPresent),
                images.Count(o => o.Status == ImageStatus.Failed),
                copier.BytesUploaded, copier.Uploaded, copier.Mounted, copier.Skipped),
            Verification = verification,
        };
    }

    /// <summary>For each item, the index of the item it describes in the same target repository (a signature's image).</summary>
    private static int?[] SubjectsOf(IReadOnlyList<MigrationItem> items)
    {
        var byDigest = Enumerable.Range(0, items.Count)
            .GroupBy(i => (items[i].TargetRepository, items[i].Image.Digest)).ToDictionary(g => g.Key, g => g.First());
        return items.Select(item => item.Subject is { } subject && byDigest.TryGetValue((item.TargetRepository, subject), out var at) ? at : (int?)null)
            .ToArray();
    }

    private static int DepthOf(int item, int?[] subjects)
    {
        var depth = 0;
        for (var at = subjects[item]; at is { } next && depth < subjects.Length; at = subjects[next]) depth++;
        return depth;
    }

    private async Task<ImageOutcome> CopyItemAsync(RegistryClient client, MigrationItem item, ItemState state, BlobCopier copier,
        IProgress<CopyEvent> progress, Task? subjectPushed, CancellationToken cancellationToken)
    {
        var outcome = new ImageOutcome(item.SourceRepository, item.Reference, item.TargetRepository, item.Image.Digest, ImageStatus.AlreadyPresent)
        {
            ConvertedFrom = item.Image.ConvertedFrom,
        };
        if (state == ItemState.AlreadyPresent) return outcome;
        if (state == ItemState.CannotCopy)
            return outcome with { Status = ImageStatus.Failed, Error = $"{item.Display} → {item.TargetRepository}: {item.Error ?? "cannot be read from the source"}" };

        progress.Report(new ImageStarted(item));
        try
        {
            var blobs = item.Image.BlobDescriptors;
            var actions = await Task.WhenAll(blobs.Select(blob =>
                copier.EnsureAsync(new BlobRequest(item.SourceRepository, item.TargetRepository, item.Display, blob), cancellationToken)));
            // Harbor makes a pushed signature or SBOM an accessory only when its subject is already there.
            if (subjectPushed is not null) await subjectPushed.WaitAsync(cancellationToken);
            var manifests = item.Image.Manifests;
            for (var i = 0; i < manifests.Count - 1; i++)
                await PushOnceAsync(client, item.TargetRepository, manifests[i], cancellationToken);
            // The tag goes last, once everything it points at is in place.
            if (item.Image.Tag is null) await PushOnceAsync(client, item.TargetRepository, manifests[^1], cancellationToken);
            else await PutTagAsync(client, item, manifests[^1], cancellationToken);
            return outcome with
            {
                Status = ImageStatus.Copied,
                BytesUploaded = blobs.Where((_, i) => actions[i] == BlobAction.Upload).Sum(b => b.Size),
                BlobsUploaded = actions.Count(a => a == BlobAction.Upload),
                BlobsMounted = actions.Count(a => a == BlobAction.Mount),
                BlobsSkipped = actions.Count(a => a == BlobAction.Skip),
            };
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return outcome with { Status = ImageStatus.Failed, Error = $"{item.Display} → {item.TargetRepository}: {Explain(ex)}" };
        }
    }

    // Harbor answers 412 to any re-push of an immutable tag, even with the same digest (docs/harbor.md#immutable-tags):
    // a re-run must see that the tag is already right, and count it done.
    private async Task PutTagAsync(RegistryClient client, MigrationItem item, ManifestDocument manifest, CancellationToken cancellationToken)
    {
        try
        {
            await client.PutManifestAsync(item.TargetRepository, item.Image.Tag!, manifest, cancellationToken);
        }
        catch (RegistryException ex) when (ex.Status == System.Net.HttpStatusCode.PreconditionFailed)
        {
            var there = await _inspector.GetDigestAsync(item.TargetRepository, item.Image.Tag!, cancellationToken);
            if (there != manifest.Digest) throw;
        }
    }

    // Several tags of one repository share children; push each manifest into each repository once.
    private Task PushOnceAsync(RegistryClient client, string repository, ManifestDocument manifest, CancellationToken cancellationToken) =>
        _manifestsPushed.GetOrAdd((repository, manifest.Digest), _ => new Lazy<Task>(() =>
            client.PutManifestAsync(repository, manifest.Digest.ToString(), manifest, cancellationToken))).Value;

    /// <summary>The most specific message in the chain: HttpClient wraps what a request body throws.</summary>
    public static string Explain(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is SourceException or MalformedManifestException or RegistryException) return e.Message;
        }
        return ex.Message;
    }
}
