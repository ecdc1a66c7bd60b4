namespace HarborDouble.State;

/// <summary>A robot account. <see cref="Project"/> null is a system robot covering every project
/// (`robot$name`); otherwise a project robot (`robot$project+name`, docs/harbor.md#robot-accounts).</summary>
internal sealed record RobotRecord(long Id, string FullName, string Secret, string? Project, IReadOnlySet<string> Actions)
{
    public bool IsSystemLevel => Project is null;
}
