using System.Diagnostics;
using System.Text.Json;
using Registry.Testing;
using Web.Data;

namespace Web.Tests.Faults;

/// <summary>Bad input in the app: each is reported with its reason, on the scan, the migration or the image it spoils,
/// and everything else completes.</summary>
public sealed class BadSourceTests(BadSourceApp app) : IClassFixture<BadSourceApp>
{
    [Fact]
    public async Task Scan_OfAFolderThatIsNotARegistry_FailsWithTheReasonAndTheAppStaysHealthy()
    {
        var folder = Directory.CreateTempSubdirectory("not-a-registry-").FullName;
        var source = await app.AddSourceAsync(folder);

        var scan = await JobWait.ScanAsync(app.Scans, await app.Scans.StartAsync(source, deep: false));

        Assert.Equal(JobStatus.Failed, scan.Status);
        Assert.Contains("is not a registry storage folder", scan.Error);
        await app.AssertHealthyAsync();
        Directory.Delete(folder);
    }

    [Fact]
    public async Task Migration_FromAFolderThatIsNotARegistry_FailsWithTheReasonAndTheAppStaysHealthy()
    {
        var folder = Directory.CreateTempSubdirectory("not-a-registry-").FullName;
        var source = await app.AddSourceAsync(folder);

        var migration = await app.MigrateAsync(source);

        Assert.Equal(JobStatus.Failed, migration.Status);
        Assert.Contains("is not a registry storage folder", migration.Error);
        await app.AssertHealthyAsync();
        Directory.Delete(folder);
    }

    [Fact]
    public async Task Migration_DamagedStorage_ReportsEachBrokenImageAndCopiesTheRest()
    {
        var broken = app.Broken;
        var source = await app.AddSourceAsync(broken.StorageRoot);

        var migration = await app.MigrateAsync(source);

        Assert.Equal(JobStatus.Failed, migration.Status);
        Assert.Equal(broken.Good.Digest, app.Harbor.FindDigest("good/app", "1"));
        Assert.Equal(JobStatus.Succeeded, Assert.Single(migration.Repositories, r => r.Repository == "good/app").Status);
        var images = await ImagesAsync(migration.Id);
        Assert.Equal("copied", images["good/app"].Status);
        Assert.Contains($"blob {broken.CorruptLayer} is corrupt", images["broken/corrupt"].Error);
        Assert.Contains(broken.MissingLayer, images["broken/missing"].Error);
        Assert.Contains("not valid JSON", images["broken/malformed"].Error);
        Assert.Contains("broken link", images["broken/brokenlink"].Error);
        Assert.All(images.Where(i => i.Key != "good/app"), i => Assert.Equal("failed", i.Value.Status));
        Assert.Null(app.Harbor.FindDigest("broken/corrupt", "1"));
    }

    [Fact]
    public async Task Migration_FromATarCutShort_FailsTheImageWhoseBlobIsCutAndCopiesTheRest()
    {
        await using var registry = await RegistryProcess.StartAsync();
        string victim;
        PushedManifest whole;
        using (var push = new ImagePusher(registry.BaseUri))
        {
            whole = await push.PushImageAsync("whole/app", "1", new ImageSpec([new(701, 20_000)]));
            await push.PushImageAsync("cut/app", "1", new ImageSpec([new(702, 400_000)]));
            victim = await push.PushBlobAsync("cut/app", new LayerSpec(702, 400_000));
        }
        // The large layer goes last in the archive, and the archive ends in the middle of it.
        var archive = Path.Combine(Directory.CreateTempSubdirectory("cut-tar-").FullName, "registry.tar");
        var victimPath = $"./docker/registry/v2/blobs/sha256/{victim[7..9]}/{victim[7..]}/data";
        await TarAsync("-cf", archive, "-C", registry.StorageRoot, $"--exclude={victimPath}", ".");
        await TarAsync("-rf", archive, "-C", registry.StorageRoot, victimPath);
        await using (var file = new FileStream(archive, FileMode.Open)) file.SetLength(file.Length - 200_000);
        var source = await app.AddSourceAsync(archive);

        var migration = await app.MigrateAsync(source);

        Assert.Equal(JobStatus.Failed, migration.Status);
        Assert.Equal(whole.Digest, app.Harbor.FindDigest("whole/app", "1"));
        var images = await ImagesAsync(migration.Id);
        Assert.Equal("copied", images["whole/app"].Status);
        Assert.Equal("failed", images["cut/app"].Status);
        Assert.Contains($"blob {victim}: '{victimPath[2..].Replace("docker/registry/v2/", "")}' is cut short in the archive", images["cut/app"].Error);
        Directory.Delete(Path.GetDirectoryName(archive)!, true);
    }

    private async Task<Dictionary<string, (string Status, string? Error)>> ImagesAsync(int migrationId)
    {
        using var report = JsonDocument.Parse(await app.Client.GetStringAsync($"/api/migrations/{migrationId}/report"));
        return report.RootElement.GetProperty("images").EnumerateArray().ToDictionary(
            i => i.GetProperty("sourceRepository").GetString()!,
            i => (i.GetProperty("status").GetString()!, i.TryGetProperty("error", out var e) ? e.GetString() : null));
    }

    private static async Task TarAsync(params string[] args)
    {
        using var tar = Process.Start(new ProcessStartInfo("tar", args) { RedirectStandardError = true })!;
        var error = await tar.StandardError.ReadToEndAsync();
        await tar.WaitForExitAsync();
        Assert.True(tar.ExitCode == 0, error);
    }
}
