using Web.Features.Migrations;

namespace Web.Features.Plans;

/// <summary>What <c>POST /api/plans</c> and the wizard's "Save as plan" ask for.</summary>
public sealed record PlanRequest
{
    public string Name { get; init; } = "";
    public MigrationRequest Migration { get; init; } = new();
    public bool MirrorDeletions { get; init; }
    /// <summary>How clients name the old registry, for the cutover record; null: the source connection's host.</summary>
    public string? SourceReferenceHost { get; init; }
    /// <summary>A cron expression (UTC) for scheduled syncs; null: by hand only.</summary>
    public string? Schedule { get; init; }
}

/// <summary>The answer to "what would a sync change now": nothing to compare with before the first run.</summary>
public sealed record DeltaPreview(bool FirstRun, Migration.Engine.Run.SyncDelta? Delta, int? PreviousRunId);

/// <summary>A plan's run was asked for while another is still going.</summary>
public sealed class PlanBusyException(int runningId) : Exception($"run {runningId} of this plan is still going; runs of one plan never overlap")
{
    public int RunningId { get; } = runningId;
}
