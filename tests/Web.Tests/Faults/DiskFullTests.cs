using System.Diagnostics;
using HarborDouble;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Registry.Testing;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Inventory;
using Web.Features.Migrations;

namespace Web.Tests.Faults;

/// <summary>
/// The data folder fills up under a running job: the app's data folder is on a small tmpfs mount (the tests run as root),
/// which is nearly filled, and a scan whose inventory does not fit is started, or a migration is under way. The scan's
/// source storage sits on the same mount, only to keep its thousands of small files off the machine's disk.
/// </summary>
public sealed class DiskFullTests : IAsyncLifetime
{
    private const int Tags = 5_000;
    private readonly string _mount = Directory.CreateTempSubdirectory("dashboard-tmpfs-").FullName;

    private string DataFolder => Path.Combine(_mount, "data");

    public async Task InitializeAsync()
    {
        var mount = await RunAsync("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", _mount);
        Assert.True(mount.Code == 0, $"mounting a tmpfs needs root: {mount.Output}");
    }

    public async Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        await RunAsync("umount", "-l", _mount);
        Directory.Delete(_mount);
    }

    [Fact]
    public async Task Scan_DataFolderFull_FailsWithTheReasonKeepsTheDatabaseWholeAndRunsAgainOnceThereIsRoom()
    {
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { StorageRoot = Path.Combine(_mount, "source") });
        await PushManyTagsAsync(registry);
        await using var app = new DashboardFactory { DataFolder = DataFolder };
        using var client = app.CreateClient();
        var scans = app.Services.GetRequiredService<ScanService>();
        var source = await app.Services.GetRequiredService<ConnectionService>().AddAsync(new ConnectionForm { Name = "old", Location = registry.StorageRoot });
        // Leave 1 MiB: enough for the job's small writes, not for an inventory of five thousand tags (2 MB).
        var filler = Path.Combine(_mount, "filler");
        await FillAsync(filler, new DriveInfo(_mount).AvailableFreeSpace - (1 << 20));
        var full = await JobWait.ScanAsync(scans, await scans.StartAsync(source.Id, deep: false));
        Assert.Equal(JobStatus.Failed, full.Status);
        Assert.StartsWith($"no space left on device in the data folder {DataFolder} (", full.Error);
        Assert.Null(await scans.GetFinishedAsync(full.Id));
        using (var health = await client.GetAsync("/healthz")) Assert.True(health.IsSuccessStatusCode);
        using (var ready = await client.GetAsync("/readyz"))
        {
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains($"free in {DataFolder}", await ready.Content.ReadAsStringAsync());
        }
        Assert.Equal("ok", await IntegrityAsync("dashboard.db"));
        File.Delete(filler);
        var again = await JobWait.ScanAsync(scans, await scans.StartAsync(source.Id, deep: false));
        Assert.Equal(JobStatus.Succeeded, again.Status);
        Assert.Equal(Tags + 1, again.Tags);
        Assert.Equal(JobStatus.Failed, (await scans.GetAsync(full.Id))!.Status);
        Assert.Equal("ok", await IntegrityAsync("dashboard.db"));
        Assert.Equal("ok", await IntegrityAsync("hangfire.db"));
    }

    [Fact]
    public async Task Migration_DataFolderFillsMidRun_StopsWithTheReasonKeepsTheDatabasesWholeAndRetryFinishesWithoutResending()
    {
        const int repositories = 6;
        await using var registry = await RegistryProcess.StartAsync();
        using (var push = new ImagePusher(registry.BaseUri))
        {
            var shared = new LayerSpec(950, 1 << 20);
            for (var i = 1; i <= repositories; i++)
                await push.PushImageAsync($"full/app{i}", "1", new ImageSpec([shared, new LayerSpec(950 + i, 1 << 20)]));
        }
        await using var harbor = await HarborDoubleServer.StartAsync(new HarborDoubleOptions { FailedLoginDelay = TimeSpan.FromMilliseconds(20) });
        await using var app = new DashboardFactory { DataFolder = DataFolder };
        using var client = app.CreateClient();
        var migrations = app.Services.GetRequiredService<MigrationService>();
        var connections = app.Services.GetRequiredService<ConnectionService>();
        var source = await connections.AddAsync(new ConnectionForm { Name = "old", Location = registry.StorageRoot });
        var target = await connections.AddAsync(new ConnectionForm
        {
            Name = "harbor", Role = ConnectionRole.Target, Location = harbor.BaseUri.ToString(), Username = harbor.AdminUser, Password = harbor.AdminPassword,
        });
        // Manifests wait at the target until the disk is full, so it fills mid-run however fast the machine is.
        var hold = harbor.HoldManifestPuts();
        var id = await migrations.StartAsync(new MigrationRequest { SourceId = source.Id, TargetId = target.Id, Concurrency = 2 });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (harbor.Requests.CommittedDigests().Count < 3 && DateTime.UtcNow < deadline) await Task.Delay(10);
        var before = harbor.Requests.CommittedDigests();
        Assert.True(before.Count >= 3, $"only {before.Count} blobs were committed within a minute");

        var filler = Path.Combine(_mount, "filler");
        await FillAsync(filler, new DriveInfo(_mount).AvailableFreeSpace - LeftFree);
        hold.SetResult();
        var full = await JobWait.MigrationAsync(migrations, id, 180);

        Assert.True(full.Status == JobStatus.Failed, $"{full.Status}: {full.Error}");
        Assert.StartsWith($"no space left on device in the data folder {DataFolder} (", full.Error);
        Assert.Contains(full.Repositories, r => r.Status == JobStatus.Failed);
        using (var ready = await client.GetAsync("/readyz"))
        {
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains($"free in {DataFolder}", await ready.Content.ReadAsStringAsync());
        }
        Assert.Equal("ok", await IntegrityAsync("dashboard.db"));
        Assert.Equal("ok", await IntegrityAsync("hangfire.db"));

        File.Delete(filler);
        await migrations.RetryFailedAsync(id);
        var done = await JobWait.MigrationAsync(migrations, id, 180);

        Assert.True(done.Status == JobStatus.Succeeded, $"{done.Status}: {done.Error}");
        Assert.True(done.Verified);
        Assert.Equal((repositories, repositories, 0), (done.ImagesTotal, done.ImagesDone, done.ImagesFailed));
        var after = harbor.Requests.CommittedDigests();
        Assert.All(before, pair => Assert.True(after[pair.Key] == 1, $"{pair.Key} was committed before the disk filled and sent again after"));
        for (var i = 1; i <= repositories; i++) Assert.NotNull(harbor.FindDigest($"full/app{i}", "1"));
        Assert.Equal("ok", await IntegrityAsync("dashboard.db"));
        Assert.Equal("ok", await IntegrityAsync("hangfire.db"));
    }

    // What the filler leaves of the mount: less than a database page or two for each write the run still makes.
    private const long LeftFree = 16 << 10;

    // Written through, not SetLength: a sparse file would take no room on tmpfs.
    private static async Task FillAsync(string path, long length)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        var block = new byte[1 << 20];
        Array.Fill(block, (byte)1);
        for (long written = 0; written < length; written += block.Length)
            await file.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, length - written)));
    }

    // One image, then five thousand more tags of it written beside the tag the registry wrote: a big inventory, quickly.
    private static async Task PushManyTagsAsync(RegistryProcess registry)
    {
        PushedManifest image;
        using (var push = new ImagePusher(registry.BaseUri))
            image = await push.PushImageAsync("big/app", "0", new ImageSpec([new LayerSpec(801, 1000)]));
        var tags = Path.Combine(registry.StorageRoot, "docker", "registry", "v2", "repositories", "big", "app", "_manifests", "tags");
        for (var i = 1; i <= Tags; i++)
        {
            var current = Directory.CreateDirectory(Path.Combine(tags, $"release-{i:00000}", "current")).FullName;
            await File.WriteAllTextAsync(Path.Combine(current, "link"), image.Digest);
        }
    }

    private Task<string> IntegrityAsync(string database) => SqliteIntegrity.CheckAsync(Path.Combine(DataFolder, database));

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var output = await process.StandardError.ReadToEndAsync() + await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
