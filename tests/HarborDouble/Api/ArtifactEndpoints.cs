namespace HarborDouble.Api;

/// <summary>Artifacts of a repository: how a migration verifies what it pushed (docs/harbor.md#artifacts).</summary>
internal sealed class ArtifactEndpoints(HarborStore store, ProjectAccess projects, ApiModels models, AccessControl access)
{
    private const string Prefix = RepositoryEndpoints.Prefix + "/{repository}/artifacts";

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Prefix, List);
        app.MapGet(Prefix + "/{reference}", Get);
        app.MapGet(Prefix + "/{reference}/tags", Tags);
        app.MapDelete(Prefix + "/{reference}/tags/{tag}", DeleteTag);
    }

    /// <summary>The handler does not check that the repository exists: an unknown one lists as `[]`
    /// (docs/harbor.md#artifacts).</summary>
    private IResult List(HttpContext context, string project, string repository)
    {
        var (record, error) = projects.Require(context, project, nameOnly: true);
        if (error is not null) return error;
        var (paging, pagingError) = Paging.From(context.Request);
        if (pagingError is not null) return pagingError;
        var (terms, qError) = QueryFilter.Parse(context.Request);
        if (qError is not null) return qError;
        var options = ArtifactOptions.From(context.Request);
        var includeChildren = terms.Any(t => t.Key == "base" && t.Value == "*");
        var name = $"{record!.Name}/{RepositoryEndpoints.Decode(repository)}";
        return store.Read(() =>
        {
            var artifacts = store.FindRepository(name) is { } found
                ? store.Artifacts(found)
                    .Where(a => store.IsListed(a, includeChildren))
                    .Where(a => terms.All(t => Matches(a, t)))
                    .OrderByDescending(a => a.PushTime).ThenByDescending(a => a.Id)
                    .ToList()
                : [];
            paging!.WriteHeaders(context, artifacts.Count);
            return HarborJson.Ok(paging.Apply(artifacts).Select(a => options.Render(models, a)).ToList());
        });
    }

    private IResult Get(HttpContext context, string project, string repository, string reference)
    {
        var (record, error) = projects.Require(context, project, nameOnly: true);
        if (error is not null) return error;
        var options = ArtifactOptions.From(context.Request);
        var name = $"{record!.Name}/{RepositoryEndpoints.Decode(repository)}";
        return store.Read(() => Find(name, reference) is { } artifact
            ? HarborJson.Ok(options.Render(models, artifact))
            : NotFound(name, reference));
    }

    private IResult Tags(HttpContext context, string project, string repository, string reference)
    {
        var (record, error) = projects.Require(context, project, nameOnly: true);
        if (error is not null) return error;
        var (paging, pagingError) = Paging.From(context.Request);
        if (pagingError is not null) return pagingError;
        var withImmutable = bool.TryParse(context.Request.Query["with_immutable_status"], out var flag) && flag;
        var name = $"{record!.Name}/{RepositoryEndpoints.Decode(repository)}";
        return store.Read(() =>
        {
            if (Find(name, reference) is not { } artifact) return NotFound(name, reference);
            var tags = store.Tags(artifact);
            paging!.WriteHeaders(context, tags.Count);
            return HarborJson.Ok(paging.Apply(tags).Select(t => models.Tag(t, withImmutable)).ToList());
        });
    }

    /// <summary>`DeleteTag` (docs/harbor.md#deleting-tags): the delete permission on tags, the artifact by reference, the
    /// tag on that artifact (404 "tag t attached to artifact n not found" otherwise), then the tag controller's checks:
    /// an immutable tag is 412. The artifact stays, untagged.</summary>
    private IResult DeleteTag(HttpContext context, string project, string repository, string reference, string tag)
    {
        var (record, error) = projects.Require(context, project, nameOnly: true);
        if (error is not null) return error;
        if (!access.Can(context.Principal(), record!, Actions.Delete)) return HarborError.Forbidden();
        var name = $"{record!.Name}/{RepositoryEndpoints.Decode(repository)}";
        return store.Read<IResult>(() =>
        {
            if (Find(name, reference) is not { } artifact) return NotFound(name, reference);
            if (store.Tags(artifact).FirstOrDefault(t => t.Name == tag) is not { } row)
                return HarborError.NotFound($"tag {tag} attached to artifact {artifact.Id} not found");
            if (models.IsImmutable(row.Repository, row.Name))
                return HarborError.Precondition($"the tag {row.Name} configured as immutable, cannot be deleted");
            store.DeleteTag(row);
            return Results.Ok();
        });
    }

    /// <summary>"artifact p/r:tag not found" or "artifact p/r@sha256:… not found" (docs/harbor.md#artifacts).</summary>
    public static HarborError NotFound(string repository, string reference) =>
        HarborError.NotFound($"artifact {repository}{(reference.Contains(':') ? "@" : ":")}{reference} not found");

    private ArtifactRecord? Find(string repository, string reference) =>
        store.FindRepository(repository) is { } found ? store.FindArtifact(found, reference) : null;

    private bool Matches(ArtifactRecord artifact, QueryTerm term) => term.Key switch
    {
        "tags" when term.Value == "*" && !term.Fuzzy => store.Tags(artifact).Count > 0,
        "tags" when term.Value == "nil" && !term.Fuzzy => store.Tags(artifact).Count == 0,
        "tags" => store.Tags(artifact).Any(t => term.Matches(t.Name)),
        "digest" => term.Matches(artifact.Digest),
        "media_type" => term.Matches(artifact.MediaType) || term.Matches(artifact.ManifestMediaType),
        "type" => term.Matches(artifact.Type),
        _ => true,
    };
}
