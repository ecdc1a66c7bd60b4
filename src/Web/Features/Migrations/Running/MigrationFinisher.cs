using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Migration.Engine.Registry;
using Migration.Engine.Run;
using Migration.Engine.Sources;
using Migration.Engine.Verify;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Projects;
using Web.Features.Shared;
using Web.Features.Plans;

namespace Web.Features.Migrations;

/// <summary>
/// When the last repository job of a migration ends, exactly one job (the one whose conditional update wins) verifies
/// the whole run against Harbor and writes the migration's report: the repository jobs' reports combined.
/// </summary>
public sealed class MigrationFinisher(IDbContextFactory<DashboardDbContext> databases, ConnectionService connections, ProjectsService projects,
    MigrationPublisher publisher, DashboardPaths paths, ILogger<MigrationFinisher> logger)
{
    public async Task TryFinishAsync(int migrationId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await db.MigrationRepositories.AnyAsync(r => r.MigrationId == migrationId && (r.Status == JobStatus.Queued || r.Status == JobStatus.Running), cancellationToken))
            return;
        var claimed = await db.Migrations.Where(m => m.Id == migrationId && m.FinishedAt == null && (m.Status == JobStatus.Running || m.Status == JobStatus.Cancelled))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.FinishedAt, DateTimeOffset.UtcNow), cancellationToken);
        if (claimed == 0) return;
        // Pages say Verifying from this stamp until the verdict below, which can take minutes for a large migration.
        await publisher.PublishAsync(migrationId);

        var migration = await db.Migrations.SingleAsync(m => m.Id == migrationId, cancellationToken);
        var rows = await db.MigrationRepositories.AsNoTracking().Where(r => r.MigrationId == migrationId).ToListAsync(cancellationToken);
        var parts = rows.Select(r => StoredReports.Read(r.OutcomesJson)).OfType<MigrationReport>().ToList();
        VerificationReport? verification = null;
        IReadOnlyList<TagDeletion> deletions = [];
        var request = JsonSerializer.Deserialize<MigrationRequest>(migration.OptionsJson)!;
        var delta = PlanRuns.ReadDelta(migration.DeltaJson);
        var mirror = migration.Status != JobStatus.Cancelled && migration.ConfirmDeletions && delta is { Deleted: > 0 } &&
                     await db.Plans.AnyAsync(p => p.Id == migration.PlanId && p.MirrorDeletions, cancellationToken);
        if (migration.Status != JobStatus.Cancelled && (request.Verify || mirror))
        {
            try
            {
                using var context = await MigrationContext.OpenAsync(migration.OptionsJson, connections, projects, cancellationToken);
                // Deletions first: the verification then sees the target as the source is.
                if (mirror) deletions = await new TagDeleter(context.Harbor).DeleteAsync(delta!.Changes, cancellationToken);
                if (request.Verify)
                {
                    var items = await context.SelectAsync(null, cancellationToken);
                    using var link = new Migration.Engine.Link.LinkGovernor(request.Concurrency);
                    verification = await new Verifier(context.Inspector, link).VerifyAsync(items, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is RegistryException or SourceException or IOException)
            {
                migration.Error = $"verification could not run: {ex.Message}";
            }
        }
        var report = MigrationReport.Combine(migration.SourceName, migration.TargetName, migration.CreatedAt, migration.FinishedAt ?? DateTimeOffset.UtcNow,
            parts, verification, migration.Error is { } error ? [error] : []) with { Delta = delta, Deletions = deletions };
        migration.Verified = verification?.Passed;
        migration.ReportJson = StoredReports.Write(report);
        if (migration.Status != JobStatus.Cancelled)
            migration.Status = rows.Any(r => r.Status is JobStatus.Failed or JobStatus.Cancelled) || !report.Succeeded ? JobStatus.Failed : JobStatus.Succeeded;
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (DataFolderSpace.IsFull(ex))
        {
            // The report did not fit: keep the verdict and the reason, which are small.
            (migration.Status, migration.Error) = (migration.Status == JobStatus.Cancelled ? JobStatus.Cancelled : JobStatus.Failed, DataFolderSpace.Reason(paths));
            await db.Migrations.Where(m => m.Id == migrationId).ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, migration.Status)
                .SetProperty(m => m.Error, migration.Error).SetProperty(m => m.Verified, migration.Verified), CancellationToken.None);
        }
        logger.LogInformation("migration {MigrationId} finished: {Status}, verified {Verified}", migrationId, migration.Status, migration.Verified);
        await publisher.PublishAsync(migrationId);
    }
}
