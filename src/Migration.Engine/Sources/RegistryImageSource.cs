using Migration.Engine.Oci;
using Migration.Engine.Registry;

namespace Migration.Engine.Sources;

/// <summary>Reads images from a live registry over HTTP API v2. It cannot see untagged manifests:
/// the API has no call that lists them.</summary>
public sealed class RegistryImageSource(RegistryClient client) : IImageSource
{
    public RegistryClient Client => client;

    public string Description => client.Connection.BaseUri.ToString();

    public bool CanListUntagged => false;

    public IReadOnlyList<string> Warnings => [];

    public async Task<IReadOnlyList<string>> ListRepositoriesAsync(CancellationToken cancellationToken) =>
        (await client.ListRepositoriesAsync(cancellationToken)).Order(StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<SourceTag>> ListTagsAsync(string repository, CancellationToken cancellationToken) =>
        (await client.ListTagsAsync(repository, cancellationToken)).Order(StringComparer.Ordinal).Select(t => new SourceTag(t)).ToList();

    public Task<IReadOnlyList<Digest>> ListManifestDigestsAsync(string repository, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Digest>>([]);

    public async Task<ManifestDocument> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken) =>
        await client.GetManifestAsync(repository, reference, cancellationToken)
        ?? throw new SourceNotFoundException($"manifest {repository}{(reference.StartsWith("sha256:") ? "@" : ":")}{reference} is not in {client.Connection.Host}");

    public Task<long?> GetBlobSizeAsync(string repository, Digest digest, CancellationToken cancellationToken) =>
        client.HeadBlobAsync(repository, digest, cancellationToken);

    public async Task<Stream> OpenBlobAsync(string repository, Digest digest, long offset, CancellationToken cancellationToken)
    {
        try
        {
            return await client.OpenBlobAsync(repository, digest, offset, cancellationToken);
        }
        catch (RegistryException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
        {
            // Missing in the source is the source's problem: no retry, and reported against the image.
            throw new SourceNotFoundException(ex.Message);
        }
    }

    public void Dispose() => client.Dispose();
}
