using System.Net;

namespace Migration.Engine.Harbor;

// Projects (docs/harbor.md#project-existence, docs/harbor.md#creating-projects).
public sealed partial class HarborClient
{
    private const int PageSize = 100;

    /// <summary><c>HEAD /projects?project_name=</c>: the one existence check that does not depend on what the caller
    /// may see (docs/harbor.md#project-existence); GET by name answers 403 to non-admins for a project that does not
    /// exist.</summary>
    public async Task<bool> ProjectExistsAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Head, $"projects?project_name={Uri.EscapeDataString(name)}", null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureSuccessAsync(response, $"check whether project '{name}' exists", cancellationToken);
        return true;
    }

    /// <summary>The project, or null when it does not exist or this account may not see it.</summary>
    public async Task<HarborProject?> GetProjectAsync(string name, CancellationToken cancellationToken)
    {
        // A digits-only name would be read as an id without this header (docs/harbor.md#project-existence).
        using var response = await SendAsync(HttpMethod.Get, $"projects/{Uri.EscapeDataString(name)}", null, "application/json",
            new Dictionary<string, string> { ["X-Is-Resource-Name"] = "true" }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden) return null;
        await EnsureSuccessAsync(response, $"read project '{name}'", cancellationToken);
        return await ReadAsync<HarborProject>(response, cancellationToken);
    }

    /// <summary>Every project this account can see, following pagination (docs/harbor.md#pagination).</summary>
    public async Task<IReadOnlyList<HarborProject>> ListProjectsAsync(CancellationToken cancellationToken)
    {
        var all = new List<HarborProject>();
        for (var page = 1; ; page++)
        {
            using var response = await SendAsync(HttpMethod.Get, $"projects?page={page}&page_size={PageSize}", null, cancellationToken);
            await EnsureSuccessAsync(response, "list projects", cancellationToken);
            var items = await ReadAsync<List<HarborProject>>(response, cancellationToken);
            all.AddRange(items);
            if (items.Count < PageSize) return all;
        }
    }

    /// <summary>Creates a project. A 409 means someone else created it first and counts as success
    /// (docs/harbor.md#creating-projects).</summary>
    public async Task<ProjectCreation> CreateProjectAsync(string name, bool isPublic, long? storageLimit, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, object>
        {
            ["project_name"] = name,
            // Metadata values are strings in Harbor; a JSON boolean fails to parse (docs/harbor.md#creating-projects).
            ["metadata"] = new Dictionary<string, string> { ["public"] = isPublic ? "true" : "false" },
        };
        if (storageLimit is { } limit) body["storage_limit"] = limit;
        using var response = await SendAsync(HttpMethod.Post, "projects", body, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict) return ProjectCreation.AlreadyExisted;
        await EnsureSuccessAsync(response, $"create project '{name}'", cancellationToken);
        return ProjectCreation.Created;
    }
}

public enum ProjectCreation { Created, AlreadyExisted }
