using System.Net;

namespace Migration.Engine.Harbor;

// Repositories and artifacts, for verification (docs/harbor.md#artifacts).
public sealed partial class HarborClient
{
    /// <summary>The artifact a tag or digest names, or null when Harbor has none.</summary>
    public async Task<HarborArtifact?> GetArtifactAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{ArtifactsPath(repository)}/{Uri.EscapeDataString(reference)}?with_tag=true&with_accessory=true",
            null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureSuccessAsync(response, $"read artifact {repository}:{reference}", cancellationToken);
        return await ReadAsync<HarborArtifact>(response, cancellationToken);
    }

    /// <summary>Every artifact in a repository, index children included (<c>q=base=*</c>; they are hidden otherwise), and
    /// with <paramref name="withAccessories"/> each one's signatures and SBOMs (never listed on their own).</summary>
    public async Task<IReadOnlyList<HarborArtifact>> ListArtifactsAsync(string repository, CancellationToken cancellationToken,
        bool withAccessories = false)
    {
        var all = new List<HarborArtifact>();
        for (var page = 1; ; page++)
        {
            using var response = await SendAsync(HttpMethod.Get,
                $"{ArtifactsPath(repository)}?with_tag=true{(withAccessories ? "&with_accessory=true" : "")}&q={Uri.EscapeDataString("base=*")}" +
                $"&page={page}&page_size={PageSize}", null, cancellationToken);
            await EnsureSuccessAsync(response, $"list artifacts of {repository}", cancellationToken);
            var items = await ReadAsync<List<HarborArtifact>>(response, cancellationToken);
            all.AddRange(items);
            if (items.Count < PageSize) return all;
        }
    }

    /// <summary>Removes one tag from the artifact <paramref name="digest"/> names; the artifact stays, untagged. Harbor
    /// answers 404 when the tag is no longer on that artifact (moved or gone) and 412 when an immutability rule or a
    /// signature protects it (docs/harbor.md#deleting-tags).</summary>
    public async Task DeleteTagAsync(string repository, string digest, string tag, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete,
            $"{ArtifactsPath(repository)}/{Uri.EscapeDataString(digest)}/tags/{Uri.EscapeDataString(tag)}", null, cancellationToken);
        await EnsureSuccessAsync(response, $"delete tag {repository}:{tag}", cancellationToken);
    }

    /// <summary><c>/projects/{p}/repositories/{r}/artifacts</c>: the repository without its project, with every '/'
    /// encoded twice (<c>a/b</c> → <c>a%252Fb</c>), as Harbor decodes it twice
    /// (docs/harbor.md#repository-paths).</summary>
    internal static string ArtifactsPath(string repository)
    {
        var slash = repository.IndexOf('/');
        if (slash <= 0) throw new ArgumentException($"'{repository}' has no project part; Harbor repositories are <project>/<name>");
        var project = repository[..slash];
        var rest = repository[(slash + 1)..];
        return $"projects/{Uri.EscapeDataString(project)}/repositories/{Uri.EscapeDataString(Uri.EscapeDataString(rest))}/artifacts";
    }
}
