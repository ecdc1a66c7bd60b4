using Microsoft.EntityFrameworkCore;
using Migration.Engine.Run;
using Web.Data;
using Web.Features.Migrations;

namespace Web.Features.Plans;

/// <summary>The runs of a plan as a sync sees them.</summary>
public static class PlanRuns
{
    /// <summary>The report a run is compared with: the plan's latest earlier run that wrote one (a failed or cancelled
    /// run's report lists what it did copy). Null for a one-off migration or a plan's first run.</summary>
    public static async Task<SyncDeltaBuilder?> DeltaBuilderAsync(DashboardDbContext db, MigrationEntity run, CancellationToken cancellationToken)
    {
        if (run.PlanId is not { } planId) return null;
        var mirror = await db.Plans.Where(p => p.Id == planId).Select(p => p.MirrorDeletions).FirstOrDefaultAsync(cancellationToken);
        return await PreviousReportAsync(db, run, cancellationToken) is { } previous ? new SyncDeltaBuilder(previous, mirror) : null;
    }

    private static async Task<MigrationReport?> PreviousReportAsync(DashboardDbContext db, MigrationEntity run, CancellationToken cancellationToken)
    {
        if (run.PlanId is not { } planId) return null;
        var json = await db.Migrations.AsNoTracking()
            .Where(m => m.PlanId == planId && m.Id < run.Id && m.ReportJson != null)
            .OrderByDescending(m => m.Id).Select(m => m.ReportJson).FirstOrDefaultAsync(cancellationToken);
        return StoredReports.Read(json) is { DryRun: false } report ? report : null;
    }

    /// <summary>A run still queued or going: a plan's runs never overlap.</summary>
    public static Task<MigrationEntity?> ActiveAsync(DashboardDbContext db, int planId, CancellationToken cancellationToken) =>
        db.Migrations.AsNoTracking().Where(m => m.PlanId == planId && (m.Status == JobStatus.Queued || m.Status == JobStatus.Running))
            .OrderBy(m => m.Id).FirstOrDefaultAsync(cancellationToken);

    public static SyncDelta? ReadDelta(string? json) =>
        string.IsNullOrEmpty(json) ? null : System.Text.Json.JsonSerializer.Deserialize<SyncDelta>(json, Migration.Engine.EngineJson.Options);
}
