using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Registry.Testing;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Inventory;

namespace Web.Tests.Faults;

/// <summary>
/// The data folder fills up under a running job: the app's data folder is on a small tmpfs mount (the tests run as root),
/// which is nearly filled, and a scan whose inventory does not fit is started. The source's storage sits on the same
/// mount, only to keep its thousands of small files off the machine's disk.
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
