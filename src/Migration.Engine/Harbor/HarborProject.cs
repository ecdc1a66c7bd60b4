using System.Text.Json.Serialization;

namespace Migration.Engine.Harbor;

/// <summary>A Harbor project (docs/harbor.md#listing-projects). Metadata values are strings in Harbor's API.</summary>
public sealed record HarborProject
{
    [JsonPropertyName("project_id")] public long ProjectId { get; init; }
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("registry_id")] public long? RegistryId { get; init; }
    [JsonPropertyName("metadata")] public Dictionary<string, string>? Metadata { get; init; }

    /// <summary>A proxy-cache project: pull-through only, pushes are refused
    /// (docs/harbor.md#proxy-cache-projects).</summary>
    public bool IsProxyCache => RegistryId is > 0;

    public bool IsPublic => Metadata?.GetValueOrDefault("public") == "true";
}
