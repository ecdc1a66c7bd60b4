using Web.Data;
using Web.Features.Projects;

namespace Web.Features.Overview;

/// <summary>Where the migration stands, step by step: connections, the last scan, the Harbor projects (when checked
/// since the app started), the last run.</summary>
public sealed record MigrationStanding(int Connections, ScanEntity? LastScan, ProjectCheck? Projects, LastRun? LastRun)
{
    public bool IsEmpty => Connections == 0 && LastScan is null && LastRun is null;

    /// <summary>The step to take next, as a link and what it says; null when the last run succeeded.</summary>
    public (string Href, string Text)? Next => this switch
    {
        { Connections: 0 } => ("connections", "Next: add the old registry and your Harbor"),
        { LastRun.Status: JobStatus.Queued or JobStatus.Running } => ($"jobs/{LastRun.Id}", "Watch the migration"),
        { LastScan: null or { Status: not JobStatus.Succeeded } } when LastRun is null => ("inventory", "Next: scan the source"),
        { Projects: null or { Missing: > 0 } } when LastRun is null => ("projects", "Next: create the Harbor projects"),
        { LastRun: null } => ("migrations/new", "Next: start the migration"),
        { LastRun.Status: JobStatus.Succeeded } => null,
        _ => ($"jobs/{LastRun.Id}", "See why the last migration did not finish"),
    };
}
