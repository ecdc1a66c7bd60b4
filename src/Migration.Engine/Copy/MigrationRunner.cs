using System.Collections.Concurrent;
using Migration.Engine.Oci;
using Migration.Engine.Registry;
using Migration.Engine.Sources;

namespace Migration.Engine.Copy;

/// <summary>
/// Runs a migration: plan, then copy images with bounded concurrency (blobs by the plan's ladder; child manifests
/// by digest, then the index, then the tag). One image failing never stops the others.
/// </summary>
/// <param name="placements">Shared with other runs copying into the same target at the same time, so each blob is
/// uploaded by one of them; by default this run coordinates only with itself.</param>
public sealed class MigrationRunner(IImageSource source, RegistryClient target, CopyOptions options, ITargetInspector? inspector = null,
    IBlobPlacementCoordinator? placements = null)
{
    private readonly ITargetInspector _inspector = inspector ?? new RegistryTargetInspector(target);

    private readonly ConcurrentDictionary<(string, Digest), Lazy<Task>> _manifestsPushed = new();

    public async Task<MigrationReport> RunAsync(IReadOnlyList<MigrationItem> items, IProgress<CopyEvent> progress, CancellationToken cancellationToken,
        IReadOnlyDictionary<Digest, string>? knownBlobLocations = null)
    {
        var started = DateTimeOffset.UtcNow;
        target.OnRetry = (what, attempt, ex) => progress.Report(new Retrying(what, attempt, Explain(ex)));
        var plan = await new MigrationPlanner(target, _inspector, options.Concurrency).PlanAsync(items, cancellationToken, knownBlobLocations);
        progress.Report(new PlanReady(plan));
        var outcomes = new ImageOutcome[items.Count];
        using var transfers = new SemaphoreSlim(options.Concurrency);
        var copier = new BlobCopier(source, target, options, progress, transfers, placements ?? new InProcessBlobPlacements());

        if (!options.DryRun)
        {
            // Images with the most to upload start first, so a huge layer does not begin last and set the finish time.
            var order = Enumerable.Range(0, items.Count)
                .OrderByDescending(i => plan.States[i] == ItemState.ToCopy
                    ? items[i].Image.BlobDescriptors.Where(b => plan.UploadTargets.ContainsKey(b.Digest)).Sum(b => b.Size) : -1)
                .ToList();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Concurrency), CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(order, parallel, async (i, ct) =>
            {
                outcomes[i] = await CopyItemAsync(plan, plan.Items[i], plan.States[i], copier, progress, ct);
                progress.Report(new ImageFinished(outcomes[i]));
            });
        }

        var images = options.DryRun ? [] : outcomes.ToList();
        var verification = options.DryRun || !options.Verify ? null : await new Verify.Verifier(_inspector, Math.Max(4, options.Concurrency * 2))
            .VerifyAsync(items, cancellationToken, Enumerable.Range(0, items.Count).Where(i => plan.States[i] == ItemState.AlreadyPresent).ToHashSet());
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

    private async Task<ImageOutcome> CopyItemAsync(MigrationPlan plan, MigrationItem item, ItemState state, BlobCopier copier,
        IProgress<CopyEvent> progress, CancellationToken cancellationToken)
    {
        var outcome = new ImageOutcome(item.SourceRepository, item.Reference, item.TargetRepository, item.Image.Digest, ImageStatus.AlreadyPresent);
        if (state == ItemState.AlreadyPresent) return outcome;
        if (state == ItemState.CannotCopy)
            return outcome with { Status = ImageStatus.Failed, Error = $"{item.Display} → {item.TargetRepository}: {item.Error ?? "cannot be read from the source"}" };

        progress.Report(new ImageStarted(item));
        try
        {
            var results = await Task.WhenAll(item.Image.BlobDescriptors.Select(blob =>
                copier.EnsureAsync(plan, item.SourceRepository, item.TargetRepository, item.Display, blob, cancellationToken)));
            var manifests = item.Image.Manifests;
            for (var i = 0; i < manifests.Count - 1; i++)
                await PushOnceAsync(item.TargetRepository, manifests[i], cancellationToken);
            // The tag goes last, once everything it points at is in place.
            if (item.Image.Tag is null) await PushOnceAsync(item.TargetRepository, manifests[^1], cancellationToken);
            else await PutTagAsync(item, manifests[^1], cancellationToken);
            return outcome with
            {
                Status = ImageStatus.Copied,
                BytesUploaded = results.Sum(r => r.Bytes),
                BlobsUploaded = results.Count(r => r.Action == BlobAction.Upload),
                BlobsMounted = results.Count(r => r.Action == BlobAction.Mount),
                BlobsSkipped = results.Count(r => r.Action == BlobAction.Skip),
            };
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return outcome with { Status = ImageStatus.Failed, Error = $"{item.Display} → {item.TargetRepository}: {Explain(ex)}" };
        }
    }

    // Harbor answers 412 to any re-push of an immutable tag, even with the same digest (HARBOR-CONTRACT.md §5.8):
    // a re-run must see that the tag is already right, and count it done.
    private async Task PutTagAsync(MigrationItem item, ManifestDocument manifest, CancellationToken cancellationToken)
    {
        try
        {
            await target.PutManifestAsync(item.TargetRepository, item.Image.Tag!, manifest, cancellationToken);
        }
        catch (RegistryException ex) when (ex.Status == System.Net.HttpStatusCode.PreconditionFailed)
        {
            var there = await _inspector.GetDigestAsync(item.TargetRepository, item.Image.Tag!, cancellationToken);
            if (there != manifest.Digest) throw;
        }
    }

    // Several tags of one repository share children; push each manifest into each repository once.
    private Task PushOnceAsync(string repository, ManifestDocument manifest, CancellationToken cancellationToken) =>
        _manifestsPushed.GetOrAdd((repository, manifest.Digest), _ => new Lazy<Task>(() =>
            target.PutManifestAsync(repository, manifest.Digest.ToString(), manifest, cancellationToken))).Value;

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
