using Engine.Tests.Fixtures;
using Migration.Engine.Copy;
using Migration.Engine.Oci;
using Migration.Engine.Plan;
using Migration.Engine.Sources;
using Registry.Testing;

namespace Engine.Tests.Copy;

/// <summary>The blob ladder's once-per-digest guard: it keeps a shared layer to one upload, but never keeps a failure.</summary>
[Collection(SourceRegistryCollection.Name)]
public sealed class BlobLadderTests(SourceRegistryFixture source)
{
    private static readonly Digest BaseLayer = Digest.Compute(SeededStream.Bytes(StandardDataset.BaseLayer.Seed, (int)StandardDataset.BaseLayer.Size));

    [Fact]
    public async Task SharedBlob_FailingForOneImage_IsTriedAgainByTheNextImageThatNeedsIt()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = new FailingOnce(ImageSourceFactory.Open(source.StorageRoot), BaseLayer);
        // One request at a time; images are taken up ahead of it, so others are already waiting on the failing try.
        var options = new CopyOptions { Concurrency = 1 };

        var report = await target.MigrateAsync(storage, options);

        var failed = Assert.Single(report.Images, i => i.Status == ImageStatus.Failed);
        Assert.Contains("read fault injected once", failed.Error);
        Assert.True(storage.Opens(BaseLayer) >= 2, $"the shared layer was opened {storage.Opens(BaseLayer)} time(s): the failure was kept for every later image");
        Assert.Equal(1, target.Proxy.CommittedDigests[BaseLayer.ToString()]);
        Assert.Equal(StandardDataset.TagCount - 1, report.Images.Count(i => i.Status == ImageStatus.Copied));
    }

    /// <summary>A source whose first read of one blob fails for good (no retry can mend a source error).</summary>
    private sealed class FailingOnce(IImageSource inner, Digest victim) : IImageSource
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<Digest, int> _opens = new();

        public int Opens(Digest digest) => _opens.GetValueOrDefault(digest);

        public string Description => inner.Description;
        public bool CanListUntagged => inner.CanListUntagged;
        public IReadOnlyList<string> Warnings => inner.Warnings;

        public Task<IReadOnlyList<string>> ListRepositoriesAsync(CancellationToken cancellationToken) => inner.ListRepositoriesAsync(cancellationToken);
        public Task<IReadOnlyList<SourceTag>> ListTagsAsync(string repository, CancellationToken cancellationToken) => inner.ListTagsAsync(repository, cancellationToken);
        public Task<IReadOnlyList<Digest>> ListManifestDigestsAsync(string repository, CancellationToken cancellationToken) =>
            inner.ListManifestDigestsAsync(repository, cancellationToken);
        public Task<ManifestDocument> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken) =>
            inner.GetManifestAsync(repository, reference, cancellationToken);
        public Task<long?> GetBlobSizeAsync(string repository, Digest digest, CancellationToken cancellationToken) =>
            inner.GetBlobSizeAsync(repository, digest, cancellationToken);

        public Task<Stream> OpenBlobAsync(string repository, Digest digest, long offset, CancellationToken cancellationToken) =>
            _opens.AddOrUpdate(digest, 1, (_, n) => n + 1) == 1 && digest == victim
                ? throw new SourceException($"blob {digest}: read fault injected once")
                : inner.OpenBlobAsync(repository, digest, offset, cancellationToken);

        public void Dispose() => inner.Dispose();
    }
}
