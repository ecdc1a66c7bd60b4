using System.Security.Cryptography;
using System.Text;

namespace Registry.Testing;

/// <summary>
/// A real registry's storage with one good image and one image per kind of damage, made by changing files the
/// registry wrote: a corrupt layer, a missing layer, a malformed manifest, a broken tag link, a schema1 manifest
/// and a repository whose name breaks the grammar. Engine and dashboard tests read the same damage.
/// </summary>
public sealed class BrokenStorage : IAsyncDisposable
{
    public RegistryProcess Registry { get; private set; } = null!;
    public string StorageRoot => Registry.StorageRoot;
    public string V2 => Path.Combine(StorageRoot, "docker", "registry", "v2");

    public PushedManifest Good { get; private set; } = null!;
    public string CorruptLayer { get; private set; } = "";
    public string MissingLayer { get; private set; } = "";
    public string MalformedDigest { get; private set; } = "";

    public static readonly LayerSpec Corrupted = new(501, 64_000);
    public static readonly LayerSpec Deleted = new(502, 32_000);

    public static async Task<BrokenStorage> StartAsync()
    {
        var storage = new BrokenStorage();
        await storage.DamageAsync();
        return storage;
    }

    private async Task DamageAsync()
    {
        Registry = await RegistryProcess.StartAsync();
        using var push = new ImagePusher(Registry.BaseUri);
        Good = await push.PushImageAsync("good/app", "1", new ImageSpec([new(500, 50_000)]));
        await push.PushImageAsync("broken/corrupt", "1", new ImageSpec([new(500, 50_000), Corrupted]));
        await push.PushImageAsync("broken/missing", "1", new ImageSpec([Deleted]));
        await push.PushImageAsync("broken/brokenlink", "1", new ImageSpec([new(503, 1_000)]));
        await push.PushImageAsync("broken/malformed", "1", new ImageSpec([new(504, 1_000)]));

        CorruptLayer = await push.PushBlobAsync("broken/corrupt", Corrupted);
        var data = BlobPath(CorruptLayer);
        var bytes = await File.ReadAllBytesAsync(data);
        bytes[bytes.Length / 2] ^= 0xff;
        await File.WriteAllBytesAsync(data, bytes);

        MissingLayer = await push.PushBlobAsync("broken/missing", Deleted);
        File.Delete(BlobPath(MissingLayer));

        await File.WriteAllTextAsync(TagLink("broken/brokenlink", "1"), "not-a-digest");

        // A manifest stored under its true digest that is not valid JSON: point the tag at it.
        var garbage = Encoding.UTF8.GetBytes("{\"schemaVersion\": 2, \"mediaType\": ");
        MalformedDigest = WriteBlob(garbage);
        WriteLink("broken/malformed", "1", MalformedDigest);

        var schema1 = Encoding.UTF8.GetBytes("""{"schemaVersion":1,"name":"legacy/schema1","tag":"old","architecture":"amd64","fsLayers":[{"blobSum":"sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4"}],"history":[{"v1Compatibility":"{}"}],"signatures":[{"header":{},"signature":"x","protected":"y"}]}""");
        WriteLink("legacy/schema1", "old", WriteBlob(schema1));

        var good = Good.Digest;
        WriteLink("Bad_Name", "1", good);
    }

    public ValueTask DisposeAsync() => Registry.DisposeAsync();

    public string BlobPath(string digest)
    {
        var hex = digest["sha256:".Length..];
        return Path.Combine(V2, "blobs", "sha256", hex[..2], hex, "data");
    }

    private string TagLink(string repository, string tag) =>
        Path.Combine(V2, "repositories", repository, "_manifests", "tags", tag, "current", "link");

    private string WriteBlob(byte[] content)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
        Directory.CreateDirectory(Path.GetDirectoryName(BlobPath(digest))!);
        File.WriteAllBytes(BlobPath(digest), content);
        return digest;
    }

    private void WriteLink(string repository, string tag, string digest)
    {
        var link = TagLink(repository, tag);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.WriteAllText(link, digest);
        var revision = Path.Combine(V2, "repositories", repository, "_manifests", "revisions", "sha256", digest["sha256:".Length..], "link");
        Directory.CreateDirectory(Path.GetDirectoryName(revision)!);
        File.WriteAllText(revision, digest);
    }
}
