namespace HarborDouble.Api;

/// <summary>Rows to swagger models, as seen by one principal. Call inside <see cref="HarborStore.Read{T}"/>.</summary>
internal sealed class ApiModels(HarborStore store, AccessControl access)
{
    private const int ProjectAdminRole = 1;
    private const int DeveloperRole = 2;

    public ProjectJson Project(ProjectRecord project, Principal principal)
    {
        var role = principal.User is { } user && project.Members.Contains(user.Id)
            ? user.Id == project.Owner.Id ? ProjectAdminRole : DeveloperRole
            : (int?)null;
        var created = HarborJson.Time(project.CreationTime);
        return new ProjectJson(project.Id, project.Owner.Id, project.Name, project.RegistryId is > 0 ? project.RegistryId : null,
            created, HarborJson.Time(project.UpdateTime), null, project.Owner.Name,
            principal.IsSysAdmin || role == ProjectAdminRole ? true : null,
            role, role is { } r ? [r] : null,
            store.Repositories(project).Count,
            new Dictionary<string, string>(project.Metadata),
            new CveAllowlistJson(project.Id, project.Id, [], created, created));
    }

    public RepositoryJson Repository(RepositoryRecord repository) => new(
        repository.Id, repository.Project.Id, repository.Name, null,
        store.Artifacts(repository).Count(a => store.IsListed(a, includeChildren: false)),
        repository.PullCount, HarborJson.Time(repository.CreationTime), HarborJson.Time(repository.UpdateTime));

    public ArtifactJson Artifact(ArtifactRecord artifact, bool withTags, bool withImmutableStatus, bool withAccessories)
    {
        var repository = artifact.Repository;
        var tags = withTags
            ? store.Tags(artifact).Select(t => Tag(t, withImmutableStatus)).ToList()
            : null;
        var references = artifact.Children.Count == 0 ? null : artifact.Children.Select(c => new ReferenceJson(
            artifact.Id, c.Child.Id, c.Child.Digest, c.Platform?.DeepClone().AsObject(), c.Annotations, c.Urls)).ToList();
        var accessories = withAccessories
            ? store.Accessories(artifact).Select(a => new AccessoryJson(a.Id, a.Id, artifact.Id, artifact.Digest, repository.Name,
                a.Size, a.Digest, a.AccessoryType ?? "", "", HarborJson.Time(a.PushTime))).ToList()
            : null;
        return new ArtifactJson(artifact.Id, artifact.Type, artifact.MediaType, artifact.ManifestMediaType, artifact.ArtifactType,
            repository.Project.Id, repository.Id, repository.Name, artifact.Digest, artifact.Size,
            HarborJson.Time(artifact.PushTime), HarborJson.ZeroTime, artifact.Annotations, references, tags, accessories);
    }

    public TagJson Tag(TagRecord tag, bool withImmutableStatus) => new(
        tag.Id, tag.Repository.Id, tag.Artifact.Id, tag.Name, HarborJson.Time(tag.PushTime), HarborJson.ZeroTime,
        withImmutableStatus && IsImmutable(tag.Repository, tag.Name));

    public bool IsImmutable(RepositoryRecord repository, string tag) =>
        repository.Project.ImmutableRules.Any(r => r.Matches(repository.ShortName, tag));

    public bool CanSee(Principal principal, ProjectRecord project) => access.CanSee(principal, project);
}
