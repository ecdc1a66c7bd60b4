using System.Text.Json;

namespace Migration.Engine.Oci;

/// <summary>
/// One manifest exactly as stored: its bytes (pushed back byte for byte so the digest holds) and what they
/// reference. Covers Docker schema2 and manifest lists, OCI manifests and indexes (artifacts included),
/// and recognises schema1 without trying to copy it.
/// </summary>
public sealed class ManifestDocument
{
    private ManifestDocument(ReadOnlyMemory<byte> bytes, Digest digest, string mediaType, ManifestKind kind)
    {
        Bytes = bytes;
        Digest = digest;
        MediaType = mediaType;
        Kind = kind;
    }

    public ReadOnlyMemory<byte> Bytes { get; }

    public Digest Digest { get; }

    /// <summary>The type to send as Content-Type: the body's own <c>mediaType</c> when it has one.</summary>
    public string MediaType { get; }

    public ManifestKind Kind { get; }

    public Descriptor? Config { get; private init; }

    public IReadOnlyList<Descriptor> Layers { get; private init; } = [];

    /// <summary>Children of an index or manifest list.</summary>
    public IReadOnlyList<Descriptor> Manifests { get; private init; } = [];

    public Descriptor? Subject { get; private init; }

    public string? ArtifactType { get; private init; }

    /// <summary>Config and layers: every blob the registry must hold before this manifest is accepted. Foreign layers
    /// are left out, as distribution does not require them (docs/distribution.md#manifest-pushes).</summary>
    public IEnumerable<Descriptor> Blobs =>
        (Config is null ? Layers : Layers.Prepend(Config)).Where(d => !d.IsForeign);

    /// <summary>Sum of the manifest itself, its config and its layers; 0 for the parts of schema1 with no size.</summary>
    public long ImageBytes => Bytes.Length + (Config?.Size ?? 0) + Layers.Sum(l => l.Size);

    public static ManifestDocument Parse(ReadOnlyMemory<byte> bytes, string? contentTypeHint = null) =>
        Parse(bytes, Digest.Compute(bytes.Span), contentTypeHint);

    public static ManifestDocument Parse(ReadOnlyMemory<byte> bytes, Digest digest, string? contentTypeHint)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new MalformedManifestException($"manifest {digest} is not valid JSON: {ex.Message}", ex);
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new MalformedManifestException($"manifest {digest} is not a JSON object");
            try
            {
                return FromJson(bytes, digest, root, NormaliseHint(contentTypeHint));
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException or KeyNotFoundException)
            {
                throw new MalformedManifestException($"manifest {digest} is malformed: {ex.Message}", ex);
            }
        }
    }

    private static ManifestDocument FromJson(ReadOnlyMemory<byte> bytes, Digest digest, JsonElement root, string? hint)
    {
        var schemaVersion = root.TryGetProperty("schemaVersion", out var sv) && sv.ValueKind == JsonValueKind.Number
            ? sv.GetInt32()
            : 0;
        if (schemaVersion == 1) return Schema1(bytes, digest, root);
        if (schemaVersion != 2)
            throw new MalformedManifestException($"manifest {digest} has schemaVersion {schemaVersion}; expected 1 or 2");

        var bodyType = root.TryGetProperty("mediaType", out var mt) && mt.ValueKind == JsonValueKind.String ? mt.GetString() : null;
        var mediaType = bodyType ?? hint ?? Infer(root);
        var artifactType = OptionalString(root, "artifactType");
        var subject = root.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.Object ? ReadDescriptor(s) : null;

        switch (mediaType)
        {
            case MediaTypes.DockerManifestList:
            case MediaTypes.OciIndex:
                return new ManifestDocument(bytes, digest, mediaType,
                    mediaType == MediaTypes.OciIndex ? ManifestKind.OciIndex : ManifestKind.DockerList)
                {
                    Manifests = ReadDescriptors(root, "manifests", required: true),
                    Subject = subject,
                    ArtifactType = artifactType,
                };
            case MediaTypes.DockerManifest:
            case MediaTypes.OciManifest:
                var config = root.TryGetProperty("config", out var c) ? ReadDescriptor(c) : throw new FormatException("no config");
                var kind = mediaType == MediaTypes.DockerManifest ? ManifestKind.DockerImage
                    : artifactType is not null || !MediaTypes.IsImageConfig(config.MediaType) ? ManifestKind.OciArtifact
                    : ManifestKind.OciImage;
                return new ManifestDocument(bytes, digest, mediaType, kind)
                {
                    Config = config,
                    Layers = ReadDescriptors(root, "layers", required: mediaType == MediaTypes.DockerManifest),
                    Subject = subject,
                    ArtifactType = artifactType ?? (kind == ManifestKind.OciArtifact ? config.MediaType : null),
                };
            default:
                return new ManifestDocument(bytes, digest, mediaType, ManifestKind.Unknown);
        }
    }

    private static ManifestDocument Schema1(ReadOnlyMemory<byte> bytes, Digest digest, JsonElement root)
    {
        var signed = root.TryGetProperty("signatures", out var sig) && sig.ValueKind == JsonValueKind.Array;
        var layers = new List<Descriptor>();
        if (root.TryGetProperty("fsLayers", out var fs) && fs.ValueKind == JsonValueKind.Array)
        {
            foreach (var layer in fs.EnumerateArray())
            {
                var blobSum = OptionalString(layer, "blobSum");
                if (Digest.TryParse(blobSum, out var d) && layers.All(l => l.Digest != d))
                    layers.Add(new Descriptor("application/vnd.docker.image.rootfs.diff.tar.gzip", d, 0));
            }
        }
        return new ManifestDocument(bytes, digest,
            signed ? MediaTypes.DockerSchema1Signed : MediaTypes.DockerSchema1,
            signed ? ManifestKind.Schema1Signed : ManifestKind.Schema1)
        {
            Layers = layers,
        };
    }

    // OCI lets mediaType be omitted; the shape then says what it is.
    private static string Infer(JsonElement root) =>
        root.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex
        : root.TryGetProperty("config", out _) ? MediaTypes.OciManifest
        : "(none)";

    private static string? NormaliseHint(string? hint)
    {
        if (string.IsNullOrWhiteSpace(hint)) return null;
        var bare = hint.Split(';')[0].Trim();
        return bare is "application/json" or "text/plain" or "application/octet-stream" ? null : bare;
    }

    private static IReadOnlyList<Descriptor> ReadDescriptors(JsonElement root, string property, bool required)
    {
        if (!root.TryGetProperty(property, out var array) || array.ValueKind == JsonValueKind.Null)
            return required ? throw new FormatException($"no {property}") : [];
        if (array.ValueKind != JsonValueKind.Array) throw new FormatException($"{property} is not an array");
        return array.EnumerateArray().Select(ReadDescriptor).ToList();
    }

    private static Descriptor ReadDescriptor(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new FormatException("a descriptor is not an object");
        var mediaType = OptionalString(element, "mediaType") ?? "";
        var digestText = OptionalString(element, "digest") ?? throw new FormatException("a descriptor has no digest");
        var digest = Digest.TryParse(digestText, out var d) ? d : throw new FormatException($"bad digest '{digestText}'");
        var size = element.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : -1;
        if (size < 0) throw new FormatException($"descriptor {digest} has no valid size");
        return new Descriptor(mediaType, digest, size)
        {
            Platform = element.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object
                ? new Platform(OptionalString(p, "os") ?? "?", OptionalString(p, "architecture") ?? "?", OptionalString(p, "variant"))
                : null,
            ArtifactType = OptionalString(element, "artifactType"),
            IsForeign = element.TryGetProperty("urls", out var u) && u.ValueKind == JsonValueKind.Array && u.GetArrayLength() > 0,
        };
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
