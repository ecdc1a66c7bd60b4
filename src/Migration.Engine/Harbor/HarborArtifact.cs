using System.Text.Json.Serialization;

namespace Migration.Engine.Harbor;

/// <summary>An artifact as Harbor's API lists it (docs/harbor.md#artifacts).</summary>
public sealed record HarborArtifact
{
    [JsonPropertyName("digest")] public string Digest { get; init; } = "";
    [JsonPropertyName("manifest_media_type")] public string? ManifestMediaType { get; init; }
    [JsonPropertyName("media_type")] public string? MediaType { get; init; }
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("tags")] public IReadOnlyList<HarborTag>? Tags { get; init; }
    [JsonPropertyName("references")] public IReadOnlyList<HarborReference>? References { get; init; }
    [JsonPropertyName("accessories")] public IReadOnlyList<HarborAccessory>? Accessories { get; init; }

    public sealed record HarborTag([property: JsonPropertyName("name")] string Name);

    public sealed record HarborReference([property: JsonPropertyName("child_digest")] string ChildDigest);

    public sealed record HarborAccessory([property: JsonPropertyName("digest")] string Digest, [property: JsonPropertyName("type")] string? Type);
}
