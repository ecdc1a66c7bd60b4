using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Registry.Testing;

/// <summary>
/// Pushes test images into a real registry with plain HTTP calls. It shares no code with the engine, so the
/// layouts the engine reads are written by the registry for an independent client.
/// </summary>
public sealed class ImagePusher(Uri registry, string? user = null, string? password = null) : IDisposable
{
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(10) };

    /// <summary>Layers as real gzip (stored blocks around the seeded bytes) instead of raw seeded bytes labelled
    /// gzip. The benchmark sets it, so skopeo copies layers as they are rather than compressing them again.</summary>
    public bool GzipLayers { get; init; }

    /// <summary>The bytes a layer takes on the registry as this pusher writes it.</summary>
    public long PushedSize(LayerSpec layer) => GzipLayers ? GzipStoredStream.LengthFor(layer.Size) : layer.Size;

    public async Task<string> PushBlobAsync(string repository, LayerSpec layer)
    {
        string digest;
        await using (var hashing = OpenLayer(layer))
            digest = "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(hashing));
        await PushBlobAsync(repository, digest, PushedSize(layer), () => OpenLayer(layer));
        return digest;
    }

    private Stream OpenLayer(LayerSpec layer) =>
        GzipLayers ? new GzipStoredStream(new SeededStream(layer.Seed, layer.Size), layer.Size) : new SeededStream(layer.Seed, layer.Size);

    public async Task<string> PushBlobAsync(string repository, byte[] data)
    {
        var digest = Digest(data);
        await PushBlobAsync(repository, digest, data.Length, () => new MemoryStream(data));
        return digest;
    }

    public async Task<PushedManifest> PushImageAsync(string repository, string? tag, ImageSpec spec)
    {
        var layers = new List<object>();
        foreach (var layer in spec.Layers)
        {
            var digest = await PushBlobAsync(repository, layer);
            layers.Add(new { mediaType = spec.Oci ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.docker.image.rootfs.diff.tar.gzip", digest, size = PushedSize(layer) });
        }
        byte[] config;
        string configType;
        if (spec.ArtifactType is not null)
        {
            config = "{}"u8.ToArray();
            configType = "application/vnd.oci.empty.v1+json";
        }
        else
        {
            var labels = new Dictionary<string, string> { ["test"] = spec.Label + repository + tag };
            var fields = new Dictionary<string, object?>
            {
                ["architecture"] = spec.Architecture, ["os"] = spec.Os, ["variant"] = spec.Variant, ["created"] = "2026-01-01T00:00:00Z",
                ["config"] = spec.Env is null && spec.Cmd is null ? new { Labels = labels } : new { Labels = labels, spec.Env, spec.Cmd },
            };
            // A history entry per layer, as a build writes it; the plain test images never had one, and keep their digests.
            if (spec.Env is not null || spec.Cmd is not null)
                fields["history"] = spec.Layers.Select((_, i) => new { created = "2026-01-01T00:00:00Z", created_by = $"/bin/sh -c #(nop) ADD layer{i}" });
            fields["rootfs"] = new { type = "layers", diff_ids = spec.Layers.Select(l => $"sha256:{l.Seed:x64}".Substring(0, 71)) };
            config = JsonSerializer.SerializeToUtf8Bytes(fields);
            configType = spec.Oci ? "application/vnd.oci.image.config.v1+json" : "application/vnd.docker.container.image.v1+json";
        }
        var configDigest = await PushBlobAsync(repository, config);
        var mediaType = spec.Oci || spec.ArtifactType is not null ? OciManifest : DockerManifest;
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = mediaType,
            ["artifactType"] = spec.ArtifactType,
            ["config"] = new { mediaType = configType, digest = configDigest, size = config.Length },
            ["layers"] = layers,
            ["subject"] = spec.Subject is { } subject ? new { mediaType = subject.MediaType, digest = subject.Digest, size = subject.Size } : null,
        }.Where(p => p.Value is not null).ToDictionary());
        var platform = spec.Variant is null ? $"{spec.Os}/{spec.Architecture}" : $"{spec.Os}/{spec.Architecture}/{spec.Variant}";
        return await PushManifestAsync(repository, tag, manifest, mediaType, platform);
    }

    public async Task<PushedManifest> PushIndexAsync(string repository, string? tag, IReadOnlyList<PushedManifest> children, bool oci)
    {
        var mediaType = oci ? OciIndex : DockerList;
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType,
            manifests = children.Select(c =>
            {
                var parts = (c.Platform ?? "linux/amd64").Split('/');
                return new
                {
                    mediaType = c.MediaType, digest = c.Digest, size = c.Size,
                    platform = new { architecture = parts[1], os = parts[0], variant = parts.Length > 2 ? parts[2] : null },
                };
            }),
        }, new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });
        return await PushManifestAsync(repository, tag, manifest, mediaType);
    }

    /// <summary>Pushes by digest, then under the tag when one is given.</summary>
    public async Task<PushedManifest> PushManifestAsync(string repository, string? tag, byte[] body, string mediaType, string? platform = null)
    {
        var digest = Digest(body);
        foreach (var reference in tag is null ? new[] { digest } : new[] { digest, tag })
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(registry, $"v2/{repository}/manifests/{reference}"))
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } },
            };
            await SendAsync(request, HttpStatusCode.Created);
        }
        return new PushedManifest(digest, mediaType, body, platform);
    }

    /// <summary>Deletes a manifest as a registry user does (by digest; every tag on it goes with it).</summary>
    public async Task DeleteManifestAsync(string repository, string digest)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(registry, $"v2/{repository}/manifests/{digest}"));
        await SendAsync(request, HttpStatusCode.Accepted);
    }

    public static string Digest(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    public void Dispose() => _http.Dispose();

    private async Task PushBlobAsync(string repository, string digest, long size, Func<Stream> open)
    {
        using (var head = new HttpRequestMessage(HttpMethod.Head, new Uri(registry, $"v2/{repository}/blobs/{digest}")))
        using (var exists = await SendAsync(head, null))
        {
            if (exists.StatusCode == HttpStatusCode.OK) return;
        }
        Uri location;
        using (var start = new HttpRequestMessage(HttpMethod.Post, new Uri(registry, $"v2/{repository}/blobs/uploads/")))
        using (var started = await SendAsync(start, HttpStatusCode.Accepted))
            location = new Uri(new Uri(registry, $"v2/{repository}/blobs/uploads/"), started.Headers.Location!);
        var put = new Uri($"{location}{(location.Query.Length > 0 ? "&" : "?")}digest={Uri.EscapeDataString(digest)}");
        await using var body = open();
        using var request = new HttpRequestMessage(HttpMethod.Put, put)
        {
            Content = new StreamContent(body) { Headers = { ContentLength = size, ContentType = new MediaTypeHeaderValue("application/octet-stream") } },
        };
        using var _ = await SendAsync(request, HttpStatusCode.Created);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpStatusCode? expected)
    {
        if (user is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        var response = await _http.SendAsync(request);
        if (expected is { } status && response.StatusCode != status)
            throw new InvalidOperationException($"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }
}
