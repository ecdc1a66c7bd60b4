using System.Text.Json;
using System.Text.Json.Nodes;

namespace HarborDouble.Registry;

/// <summary>What Harbor serves on `/v2` from its database rather than the registry: `_catalog`, `tags/list` and
/// referrers (docs/harbor.md#reading-through-v2).</summary>
internal sealed class ListingHandler(HarborStore store)
{
    /// <summary>Non-empty repositories, sorted, paged by `n` and `last` with a `Link` header.</summary>
    public Task CatalogAsync(HttpContext context)
    {
        var names = store.Read(() => store.Repositories().Where(r => store.Artifacts(r).Count > 0).Select(r => r.Name)
            .Order(StringComparer.Ordinal).ToList());
        return PageAsync(context, "/v2/_catalog", names, page => new JsonObject { ["repositories"] = Array(page) });
    }

    public Task TagsAsync(HttpContext context, V2Route route)
    {
        var tags = store.Read(() => store.FindRepository(route.Name) is { } repository
            ? store.Tags(repository).Select(t => t.Name).Order(StringComparer.Ordinal).ToList()
            : null);
        if (tags is null) return HarborError.NotFound($"repository {route.Name} not found").ExecuteAsync(context);
        return PageAsync(context, $"/v2/{route.Name}/tags/list", tags,
            page => new JsonObject { ["name"] = route.Name, ["tags"] = Array(page) });
    }

    /// <summary>OCI 1.1 referrers: an index of the accessories whose subject is the digest.</summary>
    public Task ReferrersAsync(HttpContext context, V2Route route)
    {
        var artifactType = context.Request.Query["artifactType"].ToString();
        var manifests = store.Read(() =>
        {
            var repository = store.FindRepository(route.Name);
            var subject = repository is null ? null : store.FindArtifact(repository, route.Reference);
            return subject is null ? [] : store.Accessories(subject)
                .Where(a => artifactType.Length == 0 || a.ArtifactType == artifactType)
                .Select(a => (JsonNode)new JsonObject
                {
                    ["mediaType"] = a.ManifestMediaType, ["digest"] = a.Digest, ["size"] = a.ManifestSize, ["artifactType"] = a.ArtifactType,
                }).ToArray();
        });
        var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = MediaTypes.OciIndex, ["manifests"] = new JsonArray(manifests) };
        context.Response.ContentType = MediaTypes.OciIndex;
        return context.Response.WriteAsync(index.ToJsonString(), context.RequestAborted);
    }

    private static async Task PageAsync(HttpContext context, string path, List<string> items, Func<IEnumerable<string>, JsonObject> body)
    {
        var query = context.Request.Query;
        var n = items.Count;
        if (query["n"].Count > 0 && (!int.TryParse(query["n"], out n) || n <= 0))
        {
            await HarborError.BadRequest("the N must be a positive int type").ExecuteAsync(context);
            return;
        }
        var start = 0;
        if (query["last"].ToString() is { Length: > 0 } last)
        {
            var at = items.IndexOf(last);
            if (at < 0)
            {
                await HarborError.BadRequest($"the last: {last} should be a valid value").ExecuteAsync(context);
                return;
            }
            start = at + 1;
        }
        var page = items.Skip(start).Take(n).ToList();
        if (start + page.Count < items.Count && page.Count > 0)
            context.Response.Headers.Link = $"<{path}?last={page[^1]}&n={n}>; rel=\"next\"";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body(page).ToJsonString(), context.RequestAborted);
    }

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
