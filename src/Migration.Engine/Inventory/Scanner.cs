using System.Collections.Concurrent;
using Migration.Engine.Oci;
using Migration.Engine.Sources;

namespace Migration.Engine.Inventory;

/// <summary>
/// Reads a source into an inventory: every repository, every tag, every untagged manifest the source can list,
/// the blobs they need, and every problem found on the way. A problem marks its image and the scan goes on.
/// </summary>
public sealed class Scanner(IImageSource source)
{
    private const int MaxIndexDepth = 4;

    // A deep scan hashes each distinct blob once for the whole scan; a plain one only asks sizes, once per repository
    // (storage keeps one copy of each blob for all repositories, a registry answers per repository).
    private readonly ConcurrentDictionary<Digest, Lazy<Task<BlobCheck>>> _deepChecks = new();
    private ScanOptions _options = new();

    /// <summary>The whole inventory in memory: for sources small enough to hold, and for tests.</summary>
    public async Task<SourceInventory> ScanAsync(ScanOptions options, IProgress<ScanProgress>? progress, CancellationToken cancellationToken)
    {
        var repositories = new List<InventoryRepository>();
        var summary = await ScanAsync(options, progress, repository =>
        {
            repositories.Add(repository);
            return ValueTask.CompletedTask;
        }, cancellationToken);
        return summary.ToInventory(repositories);
    }

    /// <summary>
    /// Streams the inventory: hands each repository to <paramref name="onRepository"/> in name order, one call at a
    /// time, and keeps only the summary. Memory stays bounded by the few repositories read at once and the blob index,
    /// whatever the registry's size.
    /// </summary>
    public async Task<InventorySummary> ScanAsync(ScanOptions options, IProgress<ScanProgress>? progress,
        Func<InventoryRepository, ValueTask> onRepository, CancellationToken cancellationToken)
    {
        _options = options;
        var summary = new InventorySummary
        {
            Source = source.Description, ScannedAt = DateTimeOffset.UtcNow, Deep = options.Deep, UntaggedListed = source.CanListUntagged,
        };
        var valid = new List<string>();
        foreach (var name in await source.ListRepositoriesAsync(cancellationToken))
        {
            var why = RepositoryName.Explain(name);
            if (why is not null) summary.AddProblems([new InventoryProblem(ProblemCodes.InvalidName, name, null, $"repository '{name}' is skipped: {why}")]);
            else if (options.RepositoryFilter?.Invoke(name) ?? true) valid.Add(name);
        }

        // Read ahead a few repositories in parallel, deliver them in order: a slow one holds back at most the window.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(options.Parallelism);
        var window = new Queue<Task<InventoryRepository>>();
        var done = 0;
        try
        {
            foreach (var name in valid)
            {
                await slots.WaitAsync(stop.Token);
                window.Enqueue(Task.Run(async () =>
                {
                    try { return await ScanRepositoryAsync(name, stop.Token); }
                    finally { slots.Release(); }
                }, stop.Token));
                while (window.Count > 0 && (window.Count >= options.Parallelism * 4 || window.Peek().IsCompleted)) await DeliverAsync();
            }
            while (window.Count > 0) await DeliverAsync();
        }
        finally
        {
            // A failed caller or a cancelled scan: stop the reads still under way before the slots go away.
            stop.Cancel();
            await Task.WhenAll(window.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }

        summary.AddProblems(source.Warnings.Select(w => new InventoryProblem(ProblemCodes.SourceWarning, null, null, w)));
        summary.Seal();
        return summary;

        async Task DeliverAsync()
        {
            var repository = await window.Dequeue();
            summary.Add(repository);
            await onRepository(repository);
            progress?.Report(new ScanProgress(++done, valid.Count, repository.Name));
        }
    }

    // The manifests of the repositories being scanned, each read once however many tags and indexes name it (a
    // bucket charges every read) and dropped when its repository is done, so memory stays one repository's worth.
    private readonly ConcurrentDictionary<string, Dictionary<string, ManifestDocument>> _manifests = new(StringComparer.Ordinal);

    private async Task<InventoryRepository> ScanRepositoryAsync(string repository, CancellationToken cancellationToken)
    {
        _manifests[repository] = new Dictionary<string, ManifestDocument>(StringComparer.Ordinal);
        try
        {
            return await ScanOneRepositoryAsync(repository, cancellationToken);
        }
        finally
        {
            _manifests.TryRemove(repository, out _);
        }
    }

    private async Task<InventoryRepository> ScanOneRepositoryAsync(string repository, CancellationToken cancellationToken)
    {
        var problems = new List<InventoryProblem>();
        var sizes = new Dictionary<Digest, BlobCheck>();
        var tags = new List<InventoryImage>();
        try
        {
            foreach (var tag in await source.ListTagsAsync(repository, cancellationToken))
            {
                if (tag.LinkError is not null)
                {
                    problems.Add(new InventoryProblem(ProblemCodes.BrokenLink, repository, tag.Name, tag.LinkError));
                    tags.Add(new InventoryImage { Tag = tag.Name, Digest = "", MediaType = "", Kind = "unknown", ProblemCodes = [ProblemCodes.BrokenLink] });
                    continue;
                }
                var image = await LoadImageAsync(repository, tag.Name, tag.Digest?.ToString() ?? tag.Name, tag.PushedAt, problems, sizes, cancellationToken);
                if (tag.Dangling)
                {
                    problems.Add(new InventoryProblem(ProblemCodes.DanglingTag, repository, tag.Name,
                        $"{repository}:{tag.Name} points at a deleted manifest ({tag.Digest}): the registry answers 404 for it, so it is not " +
                        "copied unless dangling tags are included"));
                    image = image with { ProblemCodes = [.. image.ProblemCodes, ProblemCodes.DanglingTag] };
                }
                tags.Add(image);
            }
        }
        catch (SourceException ex)
        {
            problems.Add(new InventoryProblem(ProblemCodes.Unreadable, repository, null, ex.Message));
        }

        var untagged = source.CanListUntagged ? await ScanUntaggedAsync(repository, tags, problems, sizes, cancellationToken) : [];
        return new InventoryRepository(repository, tags, untagged) { Problems = problems };
    }

    // Untagged means reachable from no tag, directly or as the child of an index, and not a child of another untagged index.
    private async Task<IReadOnlyList<InventoryImage>> ScanUntaggedAsync(string repository, List<InventoryImage> tags,
        List<InventoryProblem> problems, Dictionary<Digest, BlobCheck> sizes, CancellationToken cancellationToken)
    {
        var reachable = tags.SelectMany(t => t.Manifests).Select(m => m.Digest).ToHashSet();
        foreach (var tag in tags) if (Digest.TryParse(tag.Digest, out var d)) reachable.Add(d);
        var candidates = (await source.ListManifestDigestsAsync(repository, cancellationToken))
            .Where(d => !reachable.Contains(d)).Order(Comparer<Digest>.Create((a, b) => string.CompareOrdinal(a.Hex, b.Hex))).ToList();
        var images = new List<InventoryImage>();
        var local = new List<InventoryProblem>();
        foreach (var digest in candidates)
            images.Add(await LoadImageAsync(repository, null, digest.ToString(), null, local, sizes, cancellationToken));
        var children = images.SelectMany(i => i.Manifests.Take(i.Manifests.Count - 1)).Select(m => m.Digest.ToString()).ToHashSet();
        foreach (var problem in local.Where(p => !children.Contains(p.Reference ?? ""))) problems.Add(problem);
        return images.Where(i => !children.Contains(i.Digest)).ToList();
    }

    private async Task<InventoryImage> LoadImageAsync(string repository, string? tag, string reference, DateTimeOffset? pushedAt,
        List<InventoryProblem> problems, Dictionary<Digest, BlobCheck> sizes, CancellationToken cancellationToken)
    {
        var label = tag ?? reference;
        var codes = new List<string>();
        void Problem(string code, string message)
        {
            if (!codes.Contains(code)) codes.Add(code);
            problems.Add(new InventoryProblem(code, repository, label, message));
        }

        var manifests = new List<ManifestDocument>();
        var root = await TryReadManifestAsync(repository, reference, Problem, cancellationToken);
        if (root is null)
            return new InventoryImage { Tag = tag, Digest = Digest.TryParse(reference, out var d) ? reference : "", MediaType = "", Kind = "unknown", ProblemCodes = codes, PushedAt = pushedAt };

        await CollectAsync(repository, root, manifests, Problem, 0, cancellationToken);
        if (root.Kind.IsSchema1())
            Problem(ProblemCodes.Schema1, $"{repository}:{label} is a {(root.Kind == ManifestKind.Schema1Signed ? "signed " : "")}schema1 manifest, which registries from distribution 2.8 on and Harbor 2.x refuse; it is converted to schema2 when copied (a new digest, the same layers) unless conversion is turned off");

        var blobs = manifests.Where(m => !m.Kind.IsIndex()).SelectMany(m => m.Blobs).DistinctBy(b => b.Digest).ToList();
        long size = manifests.Sum(m => (long)m.Bytes.Length);
        var checkedBlobs = new List<Descriptor>(blobs.Count);
        foreach (var blob in blobs)
        {
            // A bucket's blobs are trusted to match their manifests unless the scan is deep: a HEAD for each would be the
            // scan's cost many times over, and a missing blob is still named by the copy, against its image.
            var check = source.BlobLookupsAreCostly && !_options.Deep ? new BlobCheck(blob.Size, null)
                : await CheckBlobAsync(repository, blob.Digest, sizes, cancellationToken);
            if (check.Size is null)
                Problem(ProblemCodes.MissingBlob, $"{repository}:{label}: blob {blob.Digest} ({Describe(blob)}) is missing from the source");
            else if (check.Error is not null)
                Problem(ProblemCodes.CorruptBlob, $"{repository}:{label}: blob {blob.Digest} {check.Error}");
            else if (blob.Size > 0 && check.Size != blob.Size)
                Problem(ProblemCodes.CorruptBlob, $"{repository}:{label}: blob {blob.Digest} is {check.Size} bytes in the source but the manifest says {blob.Size}");
            var actualSize = check.Size ?? blob.Size;
            size += actualSize;
            checkedBlobs.Add(blob with { Size = actualSize });
        }

        return new InventoryImage
        {
            Tag = tag,
            Digest = root.Digest.ToString(),
            MediaType = root.MediaType,
            Kind = root.Kind.Label(),
            Platforms = root.Manifests.Select(m => m.Platform?.ToString()).OfType<string>().Distinct().ToList(),
            Size = size,
            PushedAt = pushedAt,
            ProblemCodes = codes,
            Subject = root.Subject?.Digest.ToString(),
            ArtifactType = root.ArtifactType,
            Manifests = manifests,
            BlobDescriptors = checkedBlobs,
        };
    }

    private static string Describe(Descriptor blob) => MediaTypes.IsImageConfig(blob.MediaType) ? "config" : blob.MediaType.Length > 0 ? blob.MediaType : "blob";

    /// <summary>Adds the manifest's children, depth first, then the manifest: the order they must be pushed in.</summary>
    private async Task CollectAsync(string repository, ManifestDocument manifest, List<ManifestDocument> into,
        Action<string, string> problem, int depth, CancellationToken cancellationToken)
    {
        if (manifest.Kind == ManifestKind.Unknown)
            problem(ProblemCodes.UnknownMediaType, $"{repository}@{manifest.Digest} has media type '{manifest.MediaType}', which this tool does not know how to copy");
        foreach (var child in manifest.Manifests)
        {
            if (into.Any(m => m.Digest == child.Digest)) continue;
            if (depth >= MaxIndexDepth)
            {
                problem(ProblemCodes.MalformedManifest, $"{repository}@{manifest.Digest} nests indexes more than {MaxIndexDepth} deep");
                return;
            }
            var document = await TryReadManifestAsync(repository, child.Digest.ToString(), problem, cancellationToken);
            if (document is not null) await CollectAsync(repository, document, into, problem, depth + 1, cancellationToken);
        }
        into.Add(manifest);
    }

    private async Task<ManifestDocument?> TryReadManifestAsync(string repository, string reference, Action<string, string> problem, CancellationToken cancellationToken)
    {
        var known = _manifests.GetValueOrDefault(repository);
        if (known is not null && known.TryGetValue(reference, out var read)) return read;
        try
        {
            var manifest = await source.GetManifestAsync(repository, reference, cancellationToken);
            if (known is not null) known[reference] = known[manifest.Digest.ToString()] = manifest;
            return manifest;
        }
        catch (SourceNotFoundException ex)
        {
            problem(ProblemCodes.MissingManifest, ex.Message);
        }
        catch (MalformedManifestException ex)
        {
            problem(ProblemCodes.MalformedManifest, $"{repository}: {ex.Message}");
        }
        catch (BrokenLinkException ex)
        {
            problem(ProblemCodes.BrokenLink, ex.Message);
        }
        catch (SourceException ex)
        {
            problem(ProblemCodes.Unreadable, ex.Message);
        }
        catch (Registry.RegistryException ex) when (ex.Code is "MANIFEST_INVALID" or "MANIFEST_UNKNOWN" or "UNSUPPORTED")
        {
            problem(ProblemCodes.MalformedManifest, ex.Message);
        }
        return null;
    }

    private async Task<BlobCheck> CheckBlobAsync(string repository, Digest digest, Dictionary<Digest, BlobCheck> sizes, CancellationToken cancellationToken)
    {
        if (_options.Deep && source.CanListUntagged)
            return await _deepChecks.GetOrAdd(digest, _ => new Lazy<Task<BlobCheck>>(() => RunBlobCheckAsync(repository, digest, cancellationToken))).Value;
        if (!sizes.TryGetValue(digest, out var check)) sizes[digest] = check = await RunBlobCheckAsync(repository, digest, cancellationToken);
        return check;
    }

    private async Task<BlobCheck> RunBlobCheckAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        var size = await source.GetBlobSizeAsync(repository, digest, cancellationToken);
        if (size is null || !_options.Deep) return new BlobCheck(size, null);
        try
        {
            await using var stream = await source.OpenBlobAsync(repository, digest, 0, cancellationToken);
            var actual = await DigestStream.ComputeAsync(stream, cancellationToken);
            return new BlobCheck(size, actual == digest ? null : $"is corrupt: its bytes hash to {actual}");
        }
        catch (SourceException ex)
        {
            return new BlobCheck(size, $"cannot be read: {ex.Message}");
        }
    }

    private sealed record BlobCheck(long? Size, string? Error);
}
