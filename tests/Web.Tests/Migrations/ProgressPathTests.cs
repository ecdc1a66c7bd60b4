using System.Collections.Concurrent;
using HarborDouble;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registry.Testing;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Migrations;
using Web.Features.Shared;

namespace Web.Tests.Migrations;

/// <summary>The progress path: engine events into memory, pushed to the page with the last update always delivered,
/// and written to the database on a loop of its own that no transfer waits on.</summary>
public sealed class ProgressPathTests(ProgressPathTests.GatedProgressFactory factory) : IClassFixture<ProgressPathTests.GatedProgressFactory>
{
    [Fact]
    public async Task BurstOfUpdates_TheLastOneReachesThePage()
    {
        var services = factory.Services;
        var (migrationId, repositoryId) = await AddRunningMigrationAsync(services);
        var running = services.GetRequiredService<RunningRepositories>();
        var publisher = services.GetRequiredService<MigrationPublisher>();
        var run = running.TryStart(migrationId, repositoryId, "team/app")!;
        using var watcher = services.GetRequiredService<MigrationWatcher>();
        var pushes = 0;
        var feed = services.GetRequiredService<ProgressFeed<MigrationSnapshot>>();
        using var counting = feed.Subscribe(MigrationPublisher.Key(migrationId), _ => Interlocked.Increment(ref pushes));
        await watcher.StartAsync(migrationId, f => f(), () => { });

        // 2,000 events as fast as a copy reports them: far more than the 250 ms throttle lets through.
        for (var i = 0; i < 2_000; i++)
        {
            run.Counters.Bytes($"sha256:{i % 7:x64}", 1_000);
            if (i % 4 == 3) run.Counters.ImageFinished(failed: i % 400 == 3);
            publisher.Changed(migrationId);
        }

        await WaitUntilAsync(() => watcher.Snapshot?.ImagesDone == 500);
        await Task.Delay(600); // nothing later may overwrite it
        Assert.Equal(500, watcher.Snapshot!.ImagesDone);
        Assert.Equal(5, watcher.Snapshot.ImagesFailed);
        Assert.Equal(2_000_000, watcher.Snapshot.BytesDone);
        Assert.Equal(2_000_000, Assert.Single(watcher.Snapshot.Repositories).BytesDone);
        Assert.InRange(pushes, 1, 10);
        running.Finish(run);
    }

    [Fact]
    public async Task Migration_WithProgressSavingBlocked_StillCopiesToTheEnd()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using (var push = new ImagePusher(registry.BaseUri))
        {
            await push.PushImageAsync("team-a/app", "1", new ImageSpec([new LayerSpec(11, 300_000), new LayerSpec(12, 200_000)]));
            await push.PushImageAsync("team-a/app", "2", new ImageSpec([new LayerSpec(11, 300_000), new LayerSpec(13, 200_000)]));
            await push.PushImageAsync("team-b/api", "1", new ImageSpec([new LayerSpec(14, 400_000)]));
        }
        await using var harbor = await HarborDoubleServer.StartAsync(new HarborDoubleOptions { FailedLoginDelay = TimeSpan.FromMilliseconds(20) });
        var connections = factory.Services.GetRequiredService<ConnectionService>();
        var migrations = factory.Services.GetRequiredService<MigrationService>();
        var source = await connections.AddAsync(new ConnectionForm { Name = "gated-old", Location = registry.StorageRoot });
        var target = await connections.AddAsync(new ConnectionForm
        {
            Name = "gated-harbor", Role = ConnectionRole.Target, Location = harbor.BaseUri.ToString(), Username = harbor.AdminUser, Password = harbor.AdminPassword,
        });

        var id = await migrations.StartAsync(new MigrationRequest { SourceId = source.Id, TargetId = target.Id });
        var snapshot = await JobWait.MigrationAsync(migrations, id);

        // Every progress save blocked for the whole run (as an overloaded database would), and the copy did not notice.
        Assert.True(factory.Store.SavesStarted > 0, "the flush loop never tried to save progress during the copy");
        Assert.Equal(0, factory.Store.SavesCompleted);
        Assert.Equal(JobStatus.Succeeded, snapshot.Status);
        Assert.True(snapshot.Verified);
        Assert.Equal((3, 3, 0), (snapshot.ImagesTotal, snapshot.ImagesDone, snapshot.ImagesFailed));
    }

    private static async Task<(int Migration, int Repository)> AddRunningMigrationAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var migration = new MigrationEntity
        {
            SourceName = "old", TargetName = "harbor", OptionsJson = "{}", Status = JobStatus.Running, CreatedAt = DateTimeOffset.UtcNow, ImagesTotal = 500,
        };
        db.Migrations.Add(migration);
        await db.SaveChangesAsync();
        var repository = new MigrationRepositoryEntity
        {
            MigrationId = migration.Id, SourceRepository = "team/app", Status = JobStatus.Running, ImagesTotal = 500,
        };
        db.MigrationRepositories.Add(repository);
        await db.SaveChangesAsync();
        return (migration.Id, repository.Id);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(condition(), "the condition did not hold within 10 s");
    }

    /// <summary>The app with a progress store whose every save waits for a gate that never opens, flushing often.</summary>
    public sealed class GatedProgressFactory : DashboardFactory
    {
        public GatedStore Store { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(new ProgressTiming { FlushEvery = TimeSpan.FromMilliseconds(20) });
                services.AddSingleton<IRepositoryProgressStore>(Store);
            });
        }
    }

    public sealed class GatedStore : IRepositoryProgressStore
    {
        private int _started, _completed;

        public int SavesStarted => _started;
        public int SavesCompleted => _completed;

        public async Task SaveAsync(RunningRepository run, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _started);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            Interlocked.Increment(ref _completed);
        }

        public Task<bool> IsCancelledAsync(int migrationId, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
