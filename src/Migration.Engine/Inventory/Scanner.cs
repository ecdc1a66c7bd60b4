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

    // Storage keeps one copy of each blob for all repositories; a registry answers per repository.
    private readonly ConcurrentDictionary<(string?, Digest), Lazy<Task<BlobCheck>>> _blobChecks = new();
    private ScanOptions _options = new();

    public async Task<SourceInventory> ScanAsync(ScanOptions options, IProgress<ScanProgress>? progress, CancellationToken cancellationToken)
    {
        _options = options;
        var problems = new ConcurrentBag<InventoryProblem>();
        var names = await source.ListRepositoriesAsync(cancellationToken);
        var valid = new List<string>();
        foreach (var name in names)
        {
            var why = RepositoryName.Explain(name);
            if (why is not null) problems.Add(new InventoryProblem(ProblemCodes.InvalidName, name, null, $"repository '{name}' is skipped: {why}"));
            else if (options.RepositoryFilter?.Invoke(name) ?? true) valid.Add(name);
        }

        var repositories = new InventoryRepository[valid.Count];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, valid.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                repositories[i] = await ScanRepositoryAsync(valid[i], problems, ct);
                progress?.Report(new ScanProgress(Interlocked.Increment(ref done), valid.Count, valid[i]));
            });
        foreach (var warning in source.Warnings)
            problems.Add(new InventoryProblem(ProblemCodes.SourceWarning, null, null, warning));

        return Build(repositories, problems);
    }

    private SourceInventory Build(InventoryRepository[] repositories, ConcurrentBag<InventoryProblem> problems)
    {
        var blobRepos = new Dictionary<Digest, (long Size, HashSet<string> Repos)>();
        long referenced = 0;
        var manifests = 0;
        foreach (var repo in repositories)
        {
            foreach (var image in repo.Tags.Concat(repo.Untagged).DistinctBy(i => i.Digest))
            {
                manifests += image.Manifests.Count;
                foreach (var blob in image.BlobDescriptors)
                {
                    referenced += blob.Size;
                    if (!blobRepos.TryGetValue(blob.Digest, out var entry)) blobRepos[blob.Digest] = entry = (blob.Size, []);
                    entry.Repos.Add(repo.Name);
                }
            }
        }
        var sortedProblems = problems.OrderBy(p => p.Repository, StringComparer.Ordinal).ThenBy(p => p.Reference, StringComparer.Ordinal)
            .ThenBy(p => p.Code, StringComparer.Ordinal).ThenBy(p => p.Message, StringComparer.Ordinal).ToList();
        return new SourceInventory
        {
            Source = source.Description,
            ScannedAt = DateTimeOffset.UtcNow,
            Deep = _options.Deep,
            UntaggedListed = source.CanListUntagged,
            Repositories = repositories,
            Blobs = blobRepos.Select(b => new InventoryBlob(b.Key.ToString(), b.Value.Size, b.Value.Repos.Count))
                .OrderBy(b => b.Digest, StringComparer.Ordinal).ToList(),
            Problems = sortedProblems,
            Totals = new InventoryTotals(
                repositories.Length,
                repositories.Sum(r => r.Tags.Count),
                repositories.Sum(r => r.Untagged.Count),
                manifests,
                blobRepos.Count,
                referenced,
                blobRepos.Values.Sum(b => b.Size),
                sortedProblems.Count),
        };
    }

    private async Task<InventoryRepository> ScanRepositoryAsync(string repository, ConcurrentBag<InventoryProblem> problems, CancellationToken cancellationToken)
    {
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
                var image = await LoadImageAsync(repository, tag.Name, tag.Digest?.ToString() ?? tag.Name, tag.PushedAt, problems, cancellationToken);
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

        var untagged = source.CanListUntagged ? await ScanUntaggedAsync(repository, tags, problems, cancellationToken) : [];
        return new InventoryRepository(repository, tags, untagged);
    }

    // Untagged means reachable from no tag, directly or as the child of an index, and not a child of another untagged index.
    private async Task<IReadOnlyList<InventoryImage>> ScanUntaggedAsync(string repository, List<InventoryImage> tags,
        ConcurrentBag<InventoryProblem> problems, CancellationToken cancellationToken)
    {
        var reachable = tags.SelectMany(t => t.Manifests).Select(m => m.Digest).ToHashSet();
        foreach (var tag in tags) if (Digest.TryParse(tag.Digest, out var d)) reachable.Add(d);
        var candidates = (await source.ListManifestDigestsAsync(repository, cancellationToken))
            .Where(d => !reachable.Contains(d)).Order(Comparer<Digest>.Create((a, b) => string.CompareOrdinal(a.Hex, b.Hex))).ToList();
        var images = new List<InventoryImage>();
        var local = new ConcurrentBag<InventoryProblem>();
        foreach (var digest in candidates)
            images.Add(await LoadImageAsync(repository, null, digest.ToString(), null, local, cancellationToken));
        var children = images.SelectMany(i => i.Manifests.Take(i.Manifests.Count - 1)).Select(m => m.Digest.ToString()).ToHashSet();
        foreach (var problem in local.Where(p => !children.Contains(p.Reference ?? ""))) problems.Add(problem);
        return images.Where(i => !children.Contains(i.Digest)).ToList();
    }

    private async Task<InventoryImage> LoadImageAsync(string repository, string? tag, string reference, DateTimeOffset? pushedAt,
        ConcurrentBag<InventoryProblem> problems, CancellationToken cancellationToken)
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
            var check = await CheckBlobAsync(repository, blob.Digest, cancellationToken);
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
        try
        {
            return await source.GetManifestAsync(repository, reference, cancellationToken);
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

    private Task<BlobCheck> CheckBlobAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        var key = (source.CanListUntagged ? null : repository, digest);
        return _blobChecks.GetOrAdd(key, _ => new Lazy<Task<BlobCheck>>(() => RunBlobCheckAsync(repository, digest, cancellationToken))).Value;
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
