namespace Migration.Engine.Plan;

/// <summary>
/// A name-mapping change that would give Harbor a project name it accepts: a rule mapping the source prefix
/// <see cref="From"/> to <see cref="Project"/>, or (when <see cref="From"/> is null) a new default project for
/// repositories without one. Each front end shows it its own way: the CLI as a flag, the dashboard as a rule.
/// </summary>
public sealed record MappingSuggestion(string? From, string Project)
{
    public bool IsDefaultProject => From is null;

    /// <summary>In words, for messages every front end shows.</summary>
    public override string ToString() => From is null
        ? $"put repositories that have no project under '{Project}'"
        : $"map '{From}' to '{Project}'";
}
