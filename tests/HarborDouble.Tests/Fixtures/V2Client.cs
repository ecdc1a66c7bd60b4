using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace HarborDouble.Tests.Fixtures;

/// <summary>Plain `/v2/` calls for tests that need to see each step (Registry.Testing.ImagePusher pushes whole images).</summary>
public sealed class V2Client(HttpClient http)
{
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string Accept = "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, " +
        "application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json";

    public HttpClient Http => http;

    public static string Digest(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    public static byte[] Bytes(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    public Task<HttpResponseMessage> PostUploadAsync(string repository, string query = "", HttpContent? body = null) =>
        http.PostAsync($"v2/{repository}/blobs/uploads/{query}", body ?? new ByteArrayContent([]));

    /// <summary>POST then PUT with an explicit Content-Length; returns the PUT's response.</summary>
    public async Task<HttpResponseMessage> UploadAsync(string repository, byte[] data)
    {
        using var started = await PostUploadAsync(repository);
        await started.ExpectAsync(HttpStatusCode.Accepted);
        return await PutBlobAsync(started.Headers.Location!, data);
    }

    public Task<HttpResponseMessage> PutBlobAsync(Uri location, byte[] data)
    {
        var put = new Uri(http.BaseAddress!, location);
        var separator = put.Query.Length > 0 ? "&" : "?";
        var content = new ByteArrayContent(data) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };
        return http.PutAsync(new Uri($"{put}{separator}digest={Uri.EscapeDataString(Digest(data))}"), content);
    }

    /// <summary>Uploads the blob and returns its digest, failing the test unless the registry answered 201.</summary>
    public async Task<string> PushBlobAsync(string repository, byte[] data)
    {
        using var response = await UploadAsync(repository, data);
        await response.ExpectAsync(HttpStatusCode.Created);
        return Digest(data);
    }

    public Task<HttpResponseMessage> PutManifestAsync(string repository, string reference, byte[] body, string? mediaType)
    {
        var content = new ByteArrayContent(body);
        if (mediaType is not null) content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        return http.PutAsync($"v2/{repository}/manifests/{reference}", content);
    }

    public async Task<HttpResponseMessage> GetManifestAsync(string repository, string reference, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, $"v2/{repository}/manifests/{reference}");
        request.Headers.TryAddWithoutValidation("Accept", Accept);
        return await http.SendAsync(request);
    }

    /// <summary>Pushes a config and the given layers, and returns the image manifest bytes (not pushed).</summary>
    public async Task<ImageParts> PushPartsAsync(string repository, int seed, params int[] layerSizes)
    {
        var config = Encoding.UTF8.GetBytes($"{{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":{seed}}}");
        var configDigest = await PushBlobAsync(repository, config);
        var layers = new List<object>();
        var total = (long)config.Length;
        for (var i = 0; i < layerSizes.Length; i++)
        {
            var layer = Bytes(layerSizes[i], seed * 100 + i);
            layers.Add(new { mediaType = "application/vnd.docker.image.rootfs.diff.tar.gzip", digest = await PushBlobAsync(repository, layer), size = layer.Length });
            total += layer.Length;
        }
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2, mediaType = DockerManifest,
            config = new { mediaType = DockerConfig, digest = configDigest, size = config.Length },
            layers,
        });
        return new ImageParts(manifest, total);
    }

    /// <summary>Pushes parts and the manifest under the tag; returns the manifest digest.</summary>
    public async Task<string> PushImageAsync(string repository, string tag, int seed, params int[] layerSizes)
    {
        var parts = await PushPartsAsync(repository, seed, layerSizes);
        using var response = await PutManifestAsync(repository, tag, parts.Manifest, DockerManifest);
        await response.ExpectAsync(HttpStatusCode.Created);
        return Digest(parts.Manifest);
    }
}
