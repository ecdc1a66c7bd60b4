using System.Collections.Concurrent;
using Migration.Engine.Copy;
using Migration.Engine.Link;
using Migration.Engine.Oci;
using Migration.Engine.Plan;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Migration.Engine.Verify;

namespace Migration.Engine.Run;

/// <summary>
/// Runs a migration: plan, then copy images (blobs by the copier's ladder; child manifests by digest, then the index,
/// then the tag), then verify; every request through the link's slots (<see cref="LinkGovernor"/>). One image
/// failing never stops the others.
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
        using var ownLink = options.Link is null ? new LinkGovernor(options.Concurrency, options.MaxBytesPerSecond) : null;
        var link = options.Link ?? ownLink!;
        using var client = target.WithRetry(retry, link);
        // The caller's ping (or any earlier request) already timed the link: the plan's first requests go out as many
        // as it calls for, not 8 at a time.
        if (target.QuickestRoundTrip is { } roundTrip) link.ObserveRoundTrip(roundTrip);
        var plan = await new MigrationPlanner(client, _inspector, link).PlanAsync(items, cancellationToken);
        progress.Report(new PlanReady(plan));
        var outcomes = new ImageOutcome[items.Count];
        var copier = new BlobCopier(source, client, plan, options with { Retry = retry }, progress, link, placements ?? new InProcessBlobPlacements());

        if (!options.DryRun)
        {
            using var stopReporting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var reporting = ReportLinkAsync(link, progress, stopReporting.Token);
            // Referrers (signatures, SBOMs) after the images they describe; within that, images with the most to upload
            // first, so a huge layer does not begin last and set the finish time. A referrer starts only after its
            // subject has been taken up, so waiting for it can never hold every slot.
            var subjects = SubjectsOf(items);
            var done = items.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
            var order = Enumerable.Range(0, items.Count).OrderBy(i => DepthOf(i, subjects)).ThenByDescending(plan.UploadEstimate).ToList();
            // Images are taken up well ahead of the link's slots, so a slot freed by one image's blob goes to the next
            // image's blob at once instead of waiting for the first image's manifests (the slots bound the requests).
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(16, link.MaxConcurrency * 4), CancellationToken = cancellationToken };
            try
            {
                await Parallel.ForEachAsync(order, parallel, async (i, ct) =>
                {
                    try
                    {
                        var subject = subjects[i] is { } s ? done[s].Task : null;
                        outcomes[i] = await CopyItemAsync(client, link, plan.Items[i], plan.States[i], copier, progress, subject, ct);
                        progress.Report(new ImageFinished(outcomes[i]));
                    }
                    finally
                    {
                        done[i].TrySetResult();
                    }
                });
            }
            finally
            {
                await stopReporting.CancelAsync();
                await reporting;
            }
        }

        var images = options.DryRun ? [] : outcomes.ToList();
        var alreadyPresent = Enumerable.Range(0, items.Count).Where(i => plan.States[i] == ItemState.AlreadyPresent).ToHashSet();
        var verification = options.DryRun || !options.Verify ? null
            : await new Verifier(_inspector, link).VerifyAsync(items, alreadyPresent, cancellationToken);
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

    /// <summary>The link as measured, once a second while the copy runs.</summary>
    private static async Task ReportLinkAsync(LinkGovernor link, IProgress<CopyEvent> progress, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken)) progress.Report(new LinkMeasured(link.Status));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<ImageOutcome> CopyItemAsync(RegistryClient client, LinkGovernor link, MigrationItem item, ItemState state, BlobCopier copier,
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
            // Each manifest goes up once the manifests it names are in place (siblings together); the tag goes last, once
            // everything it points at is in place.
            var manifests = item.Image.Manifests;
            var pushes = new Dictionary<Digest, Task>();
            foreach (var manifest in manifests.SkipLast(1))
            {
                var children = manifest.Manifests.Select(c => pushes.GetValueOrDefault(c.Digest)).OfType<Task>().ToList();
                pushes[manifest.Digest] = PushAfterAsync(children, client, link, item.TargetRepository, manifest, cancellationToken);
            }
            await Task.WhenAll(pushes.Values);
            if (item.Image.Tag is null) await PushOnceAsync(client, link, item.TargetRepository, manifests[^1], cancellationToken);
            else
            {
                using var slot = await link.EnterAsync(cancellationToken, ahead: true);
                await PutTagAsync(client, item, manifests[^1], cancellationToken);
            }
            return outcome with
            {
                Status = ImageStatus.Copied,
                BytesUploaded = blobs.Where((_, i) => actions[i] == BlobAction.Upload).Sum(b => b.Size),
                BlobBytes = blobs.Sum(b => b.Size),
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

    private async Task PushAfterAsync(IReadOnlyList<Task> children, RegistryClient client, LinkGovernor link, string repository, ManifestDocument manifest,
        CancellationToken cancellationToken)
    {
        await Task.WhenAll(children);
        await PushOnceAsync(client, link, repository, manifest, cancellationToken);
    }

    // Several tags of one repository share children; push each manifest into each repository once.
    private Task PushOnceAsync(RegistryClient client, LinkGovernor link, string repository, ManifestDocument manifest, CancellationToken cancellationToken) =>
        _manifestsPushed.GetOrAdd((repository, manifest.Digest), _ => new Lazy<Task>(async () =>
        {
            using var slot = await link.EnterAsync(cancellationToken, ahead: true);
            await client.PutManifestAsync(repository, manifest.Digest.ToString(), manifest, cancellationToken);
        })).Value;

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
