using System.Text.Json.Nodes;

namespace HarborDouble.Api.Models;

/// <summary>swagger `Reference`: one child of an index, with its platform (docs/harbor.md#artifacts).</summary>
internal sealed record ReferenceJson(
    long ParentId,
    long ChildId,
    string ChildDigest,
    JsonObject? Platform,
    IReadOnlyDictionary<string, string>? Annotations,
    IReadOnlyList<string>? Urls);
