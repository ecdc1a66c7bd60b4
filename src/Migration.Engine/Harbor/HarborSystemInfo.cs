using System.Text.Json.Serialization;

namespace Migration.Engine.Harbor;

/// <summary>The parts of <c>GET /systeminfo</c> we use. Anonymous callers get no version
/// (docs/harbor.md#ping-and-system-info).</summary>
public sealed record HarborSystemInfo
{
    [JsonPropertyName("harbor_version")] public string? HarborVersion { get; init; }
    [JsonPropertyName("external_url")] public string? ExternalUrl { get; init; }
    [JsonPropertyName("registry_url")] public string? RegistryUrl { get; init; }
    [JsonPropertyName("read_only")] public bool ReadOnly { get; init; }
    [JsonPropertyName("project_creation_restriction")] public string? ProjectCreationRestriction { get; init; }
    [JsonPropertyName("auth_mode")] public string? AuthMode { get; init; }
}
