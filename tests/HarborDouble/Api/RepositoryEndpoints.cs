namespace HarborDouble.Api;

/// <summary>Repositories of a project (docs/harbor.md#artifacts). `{repository}` is the name without the project, with
/// `/` encoded twice; <see cref="ApiPathMiddleware"/> has undone the first encoding, <see cref="Decode"/> undoes the
/// second, as Harbor's `handler/util.go` does (docs/harbor.md#repository-paths).</summary>
internal sealed class RepositoryEndpoints(HarborStore store, ProjectAccess projects, ApiModels models)
{
    public const string Prefix = "/api/v2.0/projects/{project}/repositories";

    public static string Decode(string repository) => Uri.UnescapeDataString(repository);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Prefix, List);
        app.MapGet(Prefix + "/{repository}", Get);
    }

    private IResult List(HttpContext context, string project)
    {
        var (record, error) = projects.Require(context, project, nameOnly: true);
        if (error is not null) return error;
        var (paging, pagingError) = Paging.From(context.Request);
        if (pagingError is not null) return pagingError;
        var (terms, qError) = QueryFilter.Parse(context.Request);
        if (qError is not null) return qError;
        return store.Read(() =>
        {
            var repositories = store.Repositories(record)
                .Where(r => terms.All(t => t.Key != "name" || t.Matches(r.Name)))
                .OrderByDescending(r => r.Id)
                .ToList();
            paging!.WriteHeaders(context, repositories.Count);
            return HarborJson.Ok(paging.Apply(repositories).Select(models.Repository).ToList());
        });
    }

    private IResult Get(HttpContext context, string project, string repository)
    {
        var (record, error) = projects.Require(context, project, nameOnly: true);
        if (error is not null) return error;
        var name = $"{record!.Name}/{Decode(repository)}";
        return store.Read(() => store.FindRepository(name) is { } found
            ? HarborJson.Ok(models.Repository(found))
            : HarborError.NotFound($"repository {name} not found"));
    }
}
