using System.Text.Json.Nodes;

namespace HarborDouble.State;

/// <summary>One entry of an index: the child artifact and its platform, as an artifact's `references`.</summary>
internal sealed record ArtifactChild(ArtifactRecord Child, JsonObject? Platform, IReadOnlyDictionary<string, string>? Annotations, IReadOnlyList<string>? Urls);
