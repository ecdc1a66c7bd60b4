using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Migration.Engine.Copy;
using Migration.Engine.Run;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Projects;
using Migration.Engine.Plan;

namespace Web.Features.Migrations;

/// <summary>Plans (dry run), starts, lists, cancels and retries migrations.</summary>
public sealed class MigrationService(IDbContextFactory<DashboardDbContext> databases, ConnectionService connections, ProjectsService projects,
    IBackgroundJobClient jobs, MigrationPublisher publisher, RunningRepositories running, MigrationLinks links)
{
    /// <summary>The dry run the wizard shows before Start: images, and blobs to upload, mount or skip.</summary>
    public async Task<PlanSummary> PlanAsync(MigrationRequest request, CancellationToken cancellationToken = default)
    {
        using var context = await MigrationContext.OpenAsync(JsonSerializer.Serialize(request), connections, projects, cancellationToken);
        await context.Harbor.CheckCredentialsAsync(cancellationToken);
        var items = await context.SelectAsync(null, cancellationToken);
        var report = await new MigrationRunner(context.Source, context.Target, context.CopyOptions with { DryRun = true }, context.Inspector)
            .RunAsync(items, new NullProgress(), cancellationToken);
        return report.Plan;
    }

    public Task<int> StartAsync(MigrationRequest request, CancellationToken cancellationToken = default) =>
        StartAsync(request, new RunOrigin(), cancellationToken);

    /// <summary>Starts a migration; <paramref name="origin"/> ties it to a plan (a sync) and says who started it.</summary>
    public async Task<int> StartAsync(MigrationRequest request, RunOrigin origin, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var (source, target) = await CheckAsync(db, request, cancellationToken);
        var migration = new MigrationEntity
        {
            SourceId = source.Id, TargetId = target.Id, SourceName = source.Name, TargetName = target.Name,
            OptionsJson = JsonSerializer.Serialize(request), Status = JobStatus.Queued, CreatedAt = DateTimeOffset.UtcNow,
            MaxBytesPerSecond = request.MaxBytesPerSecond,
            PlanId = origin.PlanId, StartedBy = origin.StartedBy, ConfirmDeletions = origin.ConfirmDeletions,
        };
        db.Migrations.Add(migration);
        await db.SaveChangesAsync(cancellationToken);
        jobs.Enqueue<MigrationCoordinatorJob>(job => job.RunAsync(migration.Id, CancellationToken.None));
        return migration.Id;
    }

    /// <summary>The request's connections, after every rule a migration must meet; ArgumentException names the broken one.</summary>
    public static async Task<(ConnectionEntity Source, ConnectionEntity Target)> CheckAsync(DashboardDbContext db, MigrationRequest request,
        CancellationToken cancellationToken)
    {
        var source = await db.Connections.SingleOrDefaultAsync(c => c.Id == request.SourceId, cancellationToken)
            ?? throw new ArgumentException($"source connection {request.SourceId} does not exist");
        var target = await db.Connections.SingleOrDefaultAsync(c => c.Id == request.TargetId, cancellationToken)
            ?? throw new ArgumentException($"target connection {request.TargetId} does not exist");
        if (source.Role != ConnectionRole.Source) throw new ArgumentException($"'{source.Name}' is a target; a migration reads from a source");
        if (target.Role != ConnectionRole.Target) throw new ArgumentException($"'{target.Name}' is a source; a migration writes to a Harbor target");
        if (request.Concurrency is < 1 or > MigrationRequest.MostConcurrency)
            throw new ArgumentException($"concurrency (the most requests in flight) must be between 1 and {MigrationRequest.MostConcurrency}");
        if (request.MaxBytesPerSecond is { } cap && BandwidthText.Check(cap) is { } capProblem) throw new ArgumentException($"maxBytesPerSecond: {capProblem}");
        if (request.Latest is < 1) throw new ArgumentException("latest must be at least 1 when given");
        if (request.TagPattern is { } pattern)
            try { _ = new System.Text.RegularExpressions.Regex(pattern); }
            catch (ArgumentException ex) { throw new ArgumentException($"tag pattern '{pattern}' is not a valid regular expression: {ex.Message}"); }
        return (source, target);
    }

    public async Task<IReadOnlyList<MigrationEntity>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Migrations.AsNoTracking().OrderByDescending(m => m.Id).ToListAsync(cancellationToken);
    }

    public Task<MigrationSnapshot?> SnapshotAsync(int id, CancellationToken cancellationToken = default) => publisher.ReadAsync(id, cancellationToken);

    /// <summary>The finished migration's report as stored (JSON), for downloads and the API; null until it finishes.</summary>
    public async Task<string?> ReportJsonAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Migrations.Where(m => m.Id == id).Select(m => m.ReportJson).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<MigrationReport?> ReportAsync(int id, CancellationToken cancellationToken = default) =>
        StoredReports.Read(await ReportJsonAsync(id, cancellationToken));

    public async Task CancelAsync(int id)
    {
        await using var db = await databases.CreateDbContextAsync();
        await db.Migrations.Where(m => m.Id == id && (m.Status == JobStatus.Queued || m.Status == JobStatus.Running))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, JobStatus.Cancelled));
        // Jobs on this instance stop now; jobs on other instances see the cancel at their next progress flush.
        running.Cancel(id);
        await publisher.PublishAsync(id);
    }

    /// <summary>Changes the bandwidth cap of a migration that has not finished (null: no cap). Its workers apply it
    /// within about a second (<see cref="ProgressTiming.LinkEvery"/>), each taking its share.</summary>
    public async Task<BandwidthCapChange> SetBandwidthCapAsync(int id, long? bytesPerSecond, CancellationToken cancellationToken = default)
    {
        if (bytesPerSecond is { } cap && BandwidthText.Check(cap) is { } problem) throw new ArgumentException(problem);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var changed = await db.Migrations.Where(m => m.Id == id && (m.Status == JobStatus.Queued || m.Status == JobStatus.Running))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.MaxBytesPerSecond, bytesPerSecond), cancellationToken);
        if (changed == 0)
            return await db.Migrations.AnyAsync(m => m.Id == id, cancellationToken) ? BandwidthCapChange.Finished : BandwidthCapChange.NotFound;
        // Jobs on this instance take it now; jobs on other instances at their next read of the cap.
        await links.RefreshAsync(id);
        await publisher.PublishAsync(id);
        return BandwidthCapChange.Applied;
    }

    /// <summary>Runs the failed repositories again; the engine skips everything already on the target.</summary>
    public async Task RetryFailedAsync(int id)
    {
        await using var db = await databases.CreateDbContextAsync();
        var failed = await db.MigrationRepositories.Where(r => r.MigrationId == id && (r.Status == JobStatus.Failed || r.Status == JobStatus.Cancelled)).ToListAsync();
        if (failed.Count == 0) return;
        foreach (var row in failed) row.Status = JobStatus.Queued;
        var migration = await db.Migrations.SingleAsync(m => m.Id == id);
        (migration.Status, migration.FinishedAt, migration.Verified, migration.Error) = (JobStatus.Running, null, null, null);
        await db.SaveChangesAsync();
        foreach (var row in failed) jobs.Enqueue<RepositoryJob>(job => job.RunAsync(id, row.Id, CancellationToken.None));
        await publisher.PublishAsync(id);
    }

    private sealed class NullProgress : IProgress<CopyEvent>
    {
        public void Report(CopyEvent value) { }
    }
}
