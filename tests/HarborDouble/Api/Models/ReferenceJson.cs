using System.Text.Json.Nodes;

namespace HarborDouble.Api.Models;

/// <summary>swagger `Reference`: one child of an index, with its platform (§4.3).</summary>
internal sealed record ReferenceJson(
    long ParentId,
    long ChildId,
    string ChildDigest,
    JsonObject? Platform,
    IReadOnlyDictionary<string, string>? Annotations,
    IReadOnlyList<string>? Urls);
