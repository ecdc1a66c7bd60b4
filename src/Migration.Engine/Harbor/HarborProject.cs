using System.Text.Json.Serialization;

namespace Migration.Engine.Harbor;

/// <summary>A Harbor project (§3.2). Metadata values are strings in Harbor's API.</summary>
public sealed record HarborProject
{
    [JsonPropertyName("project_id")] public long ProjectId { get; init; }
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("registry_id")] public long? RegistryId { get; init; }
    [JsonPropertyName("metadata")] public Dictionary<string, string>? Metadata { get; init; }

    /// <summary>A proxy-cache project: pull-through only, pushes are refused (§5.8).</summary>
    public bool IsProxyCache => RegistryId is > 0;

    public bool IsPublic => Metadata?.GetValueOrDefault("public") == "true";
}
