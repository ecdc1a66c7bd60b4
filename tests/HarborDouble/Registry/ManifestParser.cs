using System.Net.Http.Headers;
using System.Text.Json;

namespace HarborDouble.Registry;

/// <summary>Parses a manifest PUT body the way Harbor does before it reaches the registry
/// (docs/harbor.md#manifest-media-types).</summary>
internal static class ManifestParser
{
    /// <summary>The document, or the Harbor error to answer with.</summary>
    public static (ManifestDocument? Document, HarborError? Error) Parse(string? contentType, byte[] body)
    {
        var mediaType = MediaTypeOf(contentType);
        return mediaType switch
        {
            // distribution registers signed schema1 also under "" and application/json, so a missing or JSON
            // Content-Type is parsed as signed schema1 and fails; so does unsigned schema1
            // (docs/harbor.md#manifest-media-types).
            "" or "application/json" or MediaTypes.SignedSchema1 or MediaTypes.UnsignedSchema1 => ParseSchema1(body),
            MediaTypes.OciManifest or MediaTypes.DockerManifest or MediaTypes.OciIndex or MediaTypes.DockerList => ParseSchema2(mediaType, body),
            // Anything else reaches the artifact abstractor, which refuses it (docs/harbor.md#manifest-media-types,
            // e.g. the OCI artifact draft).
            _ => (null, HarborError.Unsupported($"unsupported manifest media type: {mediaType}")),
        };
    }

    private static string MediaTypeOf(string? contentType) =>
        string.IsNullOrWhiteSpace(contentType) ? ""
        : MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType?.ToLowerInvariant() ?? ""
        : contentType.Trim().ToLowerInvariant();

    private static (ManifestDocument?, HarborError?) ParseSchema2(string mediaType, byte[] body)
    {
        if (!TryParseObject(body, out var root, out var error)) return (null, Invalid(error));
        var declared = root.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        // distribution's unmarshallers: Docker types require mediaType, OCI types allow it to be absent, and a manifest
        // must not carry `manifests` nor an index `config`/`layers` (docs/distribution.md#manifest-pushes).
        var problem = mediaType switch
        {
            MediaTypes.DockerManifest or MediaTypes.DockerList when declared != mediaType =>
                $"mediaType in manifest should be '{mediaType}' not '{declared}'",
            MediaTypes.OciManifest or MediaTypes.OciIndex when declared is not null && declared != mediaType =>
                $"if present, mediaType in manifest should be '{mediaType}' not '{declared}'",
            MediaTypes.OciManifest or MediaTypes.DockerManifest when root.TryGetProperty("manifests", out _) =>
                "expected manifest but found index",
            MediaTypes.OciIndex or MediaTypes.DockerList when root.TryGetProperty("config", out _) || root.TryGetProperty("layers", out _) =>
                "expected index but found manifest",
            _ => null,
        };
        if (problem is not null) return (null, Invalid(problem));
        try
        {
            return (new ManifestDocument(mediaType, body)
            {
                Config = root.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? Descriptor.Parse(c) : null,
                Layers = List(root, "layers"),
                Manifests = List(root, "manifests"),
                Subject = root.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.Object ? Descriptor.Parse(s) : null,
                ArtifactType = root.TryGetProperty("artifactType", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null,
                Annotations = Descriptor.StringMap(root, "annotations"),
            }, null);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            return (null, Invalid(e.Message));
        }
    }

    private static (ManifestDocument?, HarborError?) ParseSchema1(byte[] body)
    {
        if (!TryParseObject(body, out var root, out var error)) return (null, Invalid(error));
        if (!root.TryGetProperty("signatures", out var signatures) || signatures.ValueKind != JsonValueKind.Array || signatures.GetArrayLength() == 0)
            return (null, Invalid("missing signature key"));
        var layers = root.TryGetProperty("fsLayers", out var fs) && fs.ValueKind == JsonValueKind.Array
            ? fs.EnumerateArray().Select(l => new Descriptor("application/vnd.docker.container.image.rootfs.diff+x-gtar",
                l.TryGetProperty("blobSum", out var b) ? b.GetString() ?? "" : "", 0)).ToList()
            : [];
        return (new ManifestDocument(MediaTypes.SignedSchema1, body) { Layers = layers }, null);
    }

    private static IReadOnlyList<Descriptor> List(JsonElement root, string name) =>
        root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(Descriptor.Parse).ToList()
            : [];

    private static bool TryParseObject(byte[] body, out JsonElement root, out string error)
    {
        try
        {
            root = JsonDocument.Parse(body).RootElement;
            error = root.ValueKind == JsonValueKind.Object ? "" : $"json: cannot unmarshal {root.ValueKind.ToString().ToLowerInvariant()} into a manifest";
            return root.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException e)
        {
            root = default;
            error = e.Message;
            return false;
        }
    }

    // The quota middleware parses first and wraps the failure (docs/harbor.md#manifest-media-types).
    private static HarborError Invalid(string detail) => HarborError.ManifestInvalid($"unmarshal manifest failed: {detail}");
}
