namespace HarborDouble.State;

internal sealed partial class HarborStore
{
    private readonly Dictionary<string, ProjectRecord> _projects = new(StringComparer.Ordinal);
    private long _projectIds;
    private long _ruleIds;

    /// <summary>Creates the project, or returns null when the name is taken (the unique constraint behind 409).</summary>
    public ProjectRecord? CreateProject(string name, UserRecord owner, IReadOnlyDictionary<string, string> metadata, long storageLimit, long? registryId)
    {
        lock (_lock)
        {
            if (_projects.ContainsKey(name)) return null;
            var project = new ProjectRecord(++_projectIds, name, owner, Now) { RegistryId = registryId, StorageLimit = storageLimit };
            foreach (var (key, value) in metadata) project.Metadata[key] = value;
            // Harbor stores public=false when it is not given (docs/harbor.md#creating-projects).
            project.Metadata.TryAdd("public", "false");
            project.Members.Add(owner.Id);
            _projects[name] = project;
            return project;
        }
    }

    public ProjectRecord? FindProject(string name)
    {
        lock (_lock) return _projects.GetValueOrDefault(name);
    }

    public ProjectRecord? FindProject(long id)
    {
        lock (_lock) return _projects.Values.FirstOrDefault(p => p.Id == id);
    }

    public IReadOnlyList<ProjectRecord> Projects()
    {
        lock (_lock) return _projects.Values.OrderBy(p => p.Id).ToList();
    }

    public ImmutableRule AddImmutableRule(string project, string repositoryPattern, string tagPattern)
    {
        lock (_lock)
        {
            var rule = new ImmutableRule(++_ruleIds, repositoryPattern, tagPattern);
            Update(project, p => p.ImmutableRules.Add(rule));
            return rule;
        }
    }

    public void Update(string project, Action<ProjectRecord> change)
    {
        lock (_lock)
        {
            var record = _projects.GetValueOrDefault(project) ?? throw new InvalidOperationException($"project {project} not found");
            change(record);
            record.UpdateTime = Now;
        }
    }
}
