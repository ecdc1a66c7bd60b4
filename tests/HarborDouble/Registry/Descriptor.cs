using System.Text.Json;
using System.Text.Json.Nodes;

namespace HarborDouble.Registry;

/// <summary>A content descriptor inside a manifest or index.</summary>
internal sealed record Descriptor(string MediaType, string Digest, long Size)
{
    public JsonObject? Platform { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    public IReadOnlyList<string>? Urls { get; init; }
    public string? ArtifactType { get; init; }

    /// <summary>Foreign layers (with `urls`) are not stored in the registry and cost no quota
    /// (docs/harbor.md#storage-quota).</summary>
    public bool IsForeign => Urls is { Count: > 0 };

    public static Descriptor Parse(JsonElement element) => new(
        element.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "",
        element.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "",
        element.TryGetProperty("size", out var s) && s.TryGetInt64(out var size) ? size : 0)
    {
        Platform = element.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object
            ? JsonNode.Parse(p.GetRawText())!.AsObject() : null,
        Annotations = StringMap(element, "annotations"),
        Urls = element.TryGetProperty("urls", out var u) && u.ValueKind == JsonValueKind.Array
            ? u.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : null,
        ArtifactType = element.TryGetProperty("artifactType", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null,
    };

    public static IReadOnlyDictionary<string, string>? StringMap(JsonElement element, string name) =>
        element.TryGetProperty(name, out var map) && map.ValueKind == JsonValueKind.Object
            ? map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.Ordinal)
            : null;
}
