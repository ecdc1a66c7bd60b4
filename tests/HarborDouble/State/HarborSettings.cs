namespace HarborDouble.State;

/// <summary>System settings a test may change while the double runs (in Harbor: System Settings and env).</summary>
internal sealed class HarborSettings(HarborDoubleOptions options)
{
    public TimeSpan TokenLifetime { get; set; } = options.TokenLifetime;
    public TimeSpan TokenLeeway { get; set; } = options.TokenLeeway;
    public TimeSpan FailedLoginDelay { get; set; } = options.FailedLoginDelay;
    public bool ReadOnly { get; set; } = options.ReadOnly;
    public string ProjectCreationRestriction { get; set; } = options.ProjectCreationRestriction;

    /// <summary>`storage_per_project`: the quota a project gets when none (or 0) is given
    /// (docs/harbor.md#creating-projects).</summary>
    public long StoragePerProject { get; set; } = -1;

    /// <summary>Not Harbor: a test's hand on the valve. Manifest PUTs wait for this task, so a test can hold a
    /// migration in the middle for as long as it needs (to watch it run) and then let it finish.</summary>
    public Task ManifestPutGate { get; set; } = Task.CompletedTask;

    /// <summary>Set once the double listens: Harbor's `ext_endpoint`.</summary>
    public Uri ExternalUrl { get; set; } = new("http://127.0.0.1/");
}
