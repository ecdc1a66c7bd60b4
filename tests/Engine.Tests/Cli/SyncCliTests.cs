using System.Text.Json;
using Registry.Testing;

namespace Engine.Tests.Cli;

/// <summary><c>migrate --since-report</c>: the delta since an earlier run, printed before it is applied.</summary>
public sealed class SyncCliTests
{
    [Fact]
    public async Task SinceReport_PrintsTheDelta_AndDeletionsNeedBothFlags()
    {
        await using var source = await RegistryProcess.StartAsync();
        await using var target = await RegistryProcess.StartAsync();
        using var pusher = new ImagePusher(source.BaseUri);
        var old = await pusher.PushImageAsync("team/app", "1.0", new ImageSpec([new LayerSpec(501, 1024)]));
        await pusher.PushImageAsync("team/app", "2.0", new ImageSpec([new LayerSpec(502, 1024)]));
        var first = Path.Combine(Path.GetTempPath(), $"sync-{Guid.NewGuid():N}.json");
        var second = first.Replace(".json", "-2.json");
        try
        {
            var run = await CliRunner.RunAsync(null, "migrate", "--source", source.StorageRoot, "--target", target.BaseUri.ToString(), "--report", first);
            Assert.True(run.Code == 0, run.Out + run.Err);
            var added = await pusher.PushImageAsync("team/app", "3.0", new ImageSpec([new LayerSpec(503, 1024)]));
            await pusher.DeleteManifestAsync("team/app", old.Digest);

            var confirmAlone = await CliRunner.RunAsync(null, "migrate", "--source", source.StorageRoot, "--target", target.BaseUri.ToString(),
                "--since-report", first, "--confirm-deletions");
            var sync = await CliRunner.RunAsync(null, "migrate", "--source", source.StorageRoot, "--target", target.BaseUri.ToString(),
                "--since-report", first, "--mirror-deletions", "--report", second);

            Assert.Equal(2, confirmAlone.Code);
            Assert.Contains("--confirm-deletions confirms --mirror-deletions", confirmAlone.Err);
            Assert.True(sync.Code == 0, sync.Out + sync.Err);
            Assert.Contains($"+ team/app:3.0 {added.Digest}", sync.Out);
            Assert.Contains($"- team/app:1.0 (was {old.Digest})", sync.Out);
            Assert.Contains("1 added, 0 moved, 1 deleted on the source, 0 new untagged; 1 unchanged", sync.Out);
            Assert.Contains("1 tags would be deleted on the target; nothing was deleted: run again with --confirm-deletions", sync.Out);
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(second));
            var delta = report.RootElement.GetProperty("delta");
            Assert.Equal(1, delta.GetProperty("added").GetInt32());
            Assert.Equal(1, delta.GetProperty("deleted").GetInt32());
            Assert.Equal("deleted", delta.GetProperty("changes").EnumerateArray().Last().GetProperty("kind").GetString());
            Assert.Equal(1, report.RootElement.GetProperty("totals").GetProperty("imagesCopied").GetInt32());
        }
        finally
        {
            File.Delete(first);
            File.Delete(second);
        }
    }
}
