namespace HarborDouble.Api;

/// <summary>Reading projects: the HEAD existence check, the list, one project and its summary
/// (docs/harbor.md#listing-projects, docs/harbor.md#project-existence).</summary>
internal sealed class ProjectEndpoints(HarborStore store, ProjectAccess projects, ApiModels models)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods("/api/v2.0/projects", ["HEAD"], Head);
        app.MapGet("/api/v2.0/projects", List);
        app.MapGet("/api/v2.0/projects/{project}", Get);
        app.MapGet("/api/v2.0/projects/{project}/summary", Summary);
        app.MapGet("/api/v2.0/projects/{project}/immutabletagrules", ImmutableRules);
    }

    /// <summary>The one existence check that ignores permissions: 200 or 404 for any principal, 401 for anonymous,
    /// never a body (docs/harbor.md#project-existence).</summary>
    private IResult Head(HttpContext context)
    {
        if (!context.Principal().IsAuthenticated) return Results.StatusCode(401);
        var name = context.Request.Query["project_name"].ToString();
        if (name.Length == 0) return Results.StatusCode(422);
        if (name.Contains(' ')) return Results.StatusCode(400);
        return Results.StatusCode(store.FindProject(name) is null ? 404 : 200);
    }

    private IResult List(HttpContext context)
    {
        var (paging, error) = Paging.From(context.Request);
        if (error is not null) return error;
        var (terms, qError) = QueryFilter.Parse(context.Request);
        if (qError is not null) return qError;
        var query = context.Request.Query;
        bool? isPublic = null;
        if (query["public"].ToString() is { Length: > 0 } publicText)
        {
            if (!bool.TryParse(publicText, out var parsed))
                return HarborError.Unprocessable($"public in query must be of type bool: \"{publicText}\"");
            isPublic = parsed;
        }
        var principal = context.Principal();
        var name = query["name"].ToString();
        var owner = query["owner"].ToString();
        return store.Read(() =>
        {
            var matching = store.Projects()
                .Where(p => models.CanSee(principal, p))
                .Where(p => name.Length == 0 || p.Name.Contains(name, StringComparison.Ordinal))
                .Where(p => isPublic is null || p.IsPublic == isPublic)
                .Where(p => owner.Length == 0 || p.Owner.Name == owner)
                .Where(p => terms.All(t => Matches(p, t)));
            var sorted = Sort(matching, query["sort"].ToString()).ToList();
            paging!.WriteHeaders(context, sorted.Count);
            return HarborJson.Ok(paging.Apply(sorted).Select(p => models.Project(p, principal)).ToList());
        });
    }

    private IResult Get(HttpContext context, string project)
    {
        var (record, error) = projects.Require(context, project);
        if (error is not null) return error;
        return store.Read(() => HarborJson.Ok(models.Project(record!, context.Principal())));
    }

    private IResult Summary(HttpContext context, string project)
    {
        var (record, error) = projects.Require(context, project);
        if (error is not null) return error;
        return store.Read(() => HarborJson.Ok(new ProjectSummaryJson(
            store.Repositories(record!).Count, record!.Members.Count, null,
            new QuotaJson(new Dictionary<string, long> { ["storage"] = record.StorageLimit },
                new Dictionary<string, long> { ["storage"] = record.Used }))));
    }

    /// <summary>What a migration checks before re-running: re-pushing a matching tag fails with 412
    /// (docs/harbor.md#immutable-tags).</summary>
    private IResult ImmutableRules(HttpContext context, string project)
    {
        var (record, error) = projects.Require(context, project);
        if (error is not null) return error;
        var (paging, pagingError) = Paging.From(context.Request);
        if (pagingError is not null) return pagingError;
        return store.Read(() =>
        {
            paging!.WriteHeaders(context, record!.ImmutableRules.Count);
            return HarborJson.Ok(paging.Apply(record.ImmutableRules).Select(ImmutableRuleJson.From).ToList());
        });
    }

    private static bool Matches(ProjectRecord project, QueryTerm term) => term.Key switch
    {
        "name" => term.Matches(project.Name),
        "public" => term.Matches(project.IsPublic ? "true" : "false"),
        "owner" => term.Matches(project.Owner.Name),
        "project_id" => term.Matches(project.Id.ToString()),
        "registry_id" => term.Matches((project.RegistryId ?? 0).ToString()),
        _ => true,
    };

    private static IEnumerable<ProjectRecord> Sort(IEnumerable<ProjectRecord> projects, string sort) => sort switch
    {
        "-name" => projects.OrderByDescending(p => p.Name, StringComparer.Ordinal),
        "creation_time" or "project_id" => projects.OrderBy(p => p.Id),
        "-creation_time" or "-project_id" => projects.OrderByDescending(p => p.Id),
        _ => projects.OrderBy(p => p.Name, StringComparer.Ordinal),
    };
}
