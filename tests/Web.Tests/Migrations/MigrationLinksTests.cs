using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Migration.Engine.Link;
using Web.Data;
using Web.Features.Migrations;
using Web.Tests.Connections;

namespace Web.Tests.Migrations;

/// <summary>The links of running migrations over the real database: each worker takes its share of the cap, a cap
/// changed elsewhere is read within two seconds, and the job page adds up the workers' measurements.</summary>
public sealed class MigrationLinksTests : IDisposable
{
    private const long MiB = 1 << 20;
    private readonly ConnectionServices _dashboard = new();
    private MigrationLinks Links => _dashboard.Provider.GetRequiredService<MigrationLinks>();
    private string Me => _dashboard.Provider.GetRequiredService<Web.DashboardInstance>().Name;

    [Fact]
    public async Task CapShare_SplitAmongTheWorkersRunningTheMigration_AndFollowsChangesMadeElsewhere()
    {
        var id = await AddRunningMigrationAsync(8 * MiB, (Me, JobStatus.Running), (Me, JobStatus.Running), ("worker-2", JobStatus.Running), ("worker-3", JobStatus.Succeeded));
        var link = await Links.JoinAsync(id, 16, null, CancellationToken.None);
        try
        {
            // Two workers run its repositories now (a finished one on a third does not count): half the cap each.
            Assert.Equal(4 * MiB, link.Governor.Cap.BytesPerSecond);
            Assert.Equal(16, link.Governor.MaxConcurrency);
            Assert.Same(link, await Links.JoinAsync(id, 16, null, CancellationToken.None));
            await Links.LeaveAsync(link);

            // As a PATCH on another node writes it: this worker reads it within two seconds.
            await UpdateAsync(db => db.Migrations.Where(m => m.Id == id).ExecuteUpdateAsync(u => u.SetProperty(m => m.MaxBytesPerSecond, 2 * MiB)));
            await WaitForCapAsync(link, 1 * MiB);
            // The other worker finished its repository: the whole cap is this one's.
            await UpdateAsync(db => db.MigrationRepositories.Where(r => r.MigrationId == id && r.Worker == "worker-2")
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, JobStatus.Succeeded)));
            await WaitForCapAsync(link, 2 * MiB);
            await UpdateAsync(db => db.Migrations.Where(m => m.Id == id).ExecuteUpdateAsync(u => u.SetProperty(m => m.MaxBytesPerSecond, (long?)null)));
            await WaitForCapAsync(link, null);
        }
        finally
        {
            await Links.LeaveAsync(link);
        }
        Assert.Null(Links.Find(id));
    }

    [Fact]
    public async Task Snapshot_SumsTheFreshMeasurementsOfEveryWorker_WithThisOnesLive()
    {
        var id = await AddRunningMigrationAsync(10 * MiB, (Me, JobStatus.Running), ("worker-2", JobStatus.Running), ("worker-3", JobStatus.Running));
        await using (var db = await Database().CreateDbContextAsync())
        {
            db.MigrationWorkerLinks.Add(Measurement(id, "worker-2", 3 * MiB, 6, 16, 40, DateTimeOffset.UtcNow));
            // Not heard from for a minute: died, or finished without saying so. Left out.
            db.MigrationWorkerLinks.Add(Measurement(id, "worker-3", 9 * MiB, 30, 30, 2, DateTimeOffset.UtcNow.AddMinutes(-1)));
            await db.SaveChangesAsync();
        }
        var link = await Links.JoinAsync(id, 64, null, CancellationToken.None);
        try
        {
            link.Measured(new LinkStatus(2 * MiB, 5, 8, 64, TimeSpan.FromMilliseconds(25), 5 * MiB));

            var snapshot = (await _dashboard.Migrations.SnapshotAsync(id))!;

            Assert.Equal(10 * MiB, snapshot.MaxBytesPerSecond);
            Assert.Equal(new LinkSummary(5 * MiB, 11, 24, 128, 25, 2), snapshot.Link);
            Assert.Equal(TimeSpan.FromSeconds(60), snapshot.Link!.TimeFor(300 * MiB));
            // Listeners (the API, the hub) get the sums; the measurements by worker stay on the server.
            var json = System.Text.Json.JsonSerializer.Serialize(snapshot);
            Assert.Contains("\"Link\":{\"BytesPerSecond\":5242880,", json);
            Assert.DoesNotContain("\"Workers\":[", json);
        }
        finally
        {
            await Links.LeaveAsync(link);
        }
        // This worker's own measurement was written for other nodes while it ran, and taken out when it left.
        await using var check = await Database().CreateDbContextAsync();
        Assert.Equal(["worker-2", "worker-3"], await check.MigrationWorkerLinks.Where(l => l.MigrationId == id).Select(l => l.Worker).OrderBy(w => w).ToListAsync());
    }

    private static MigrationWorkerLinkEntity Measurement(int id, string worker, long rate, int inFlight, int limit, double roundTripMs, DateTimeOffset at) => new()
    {
        MigrationId = id, Worker = worker, BytesPerSecond = rate, InFlight = inFlight, Limit = limit, MaxConcurrency = 64, RoundTripMilliseconds = roundTripMs,
        MeasuredAt = at,
    };

    private static async Task WaitForCapAsync(SharedLink link, long? cap)
    {
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (link.Governor.Cap.BytesPerSecond != cap && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(cap, link.Governor.Cap.BytesPerSecond);
    }

    private async Task<int> AddRunningMigrationAsync(long? cap, params (string Worker, JobStatus Status)[] repositories)
    {
        await using var db = await Database().CreateDbContextAsync();
        var migration = new MigrationEntity
        {
            SourceName = "old", TargetName = "harbor", OptionsJson = "{}", Status = JobStatus.Running, CreatedAt = DateTimeOffset.UtcNow, MaxBytesPerSecond = cap,
        };
        db.Migrations.Add(migration);
        await db.SaveChangesAsync();
        foreach (var (repository, i) in repositories.Select((r, i) => (r, i)))
            db.MigrationRepositories.Add(new MigrationRepositoryEntity
            {
                MigrationId = migration.Id, SourceRepository = $"team/app-{i}", Status = repository.Status, Worker = repository.Worker,
            });
        await db.SaveChangesAsync();
        return migration.Id;
    }

    private async Task UpdateAsync(Func<DashboardDbContext, Task<int>> update)
    {
        await using var db = await Database().CreateDbContextAsync();
        await update(db);
    }

    private IDbContextFactory<DashboardDbContext> Database() => _dashboard.Provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>();

    public void Dispose() => _dashboard.Dispose();
}
