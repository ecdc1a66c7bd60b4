using System.Text.Json;
using Engine.Tests.Fixtures;
using Registry.Testing;

namespace Engine.Tests.Cli;

[Collection(SourceRegistryCollection.Name)]
public sealed class CliTests(SourceRegistryFixture source)
{
    [Fact]
    public async Task Scan_Json_IsTheDocumentedShape()
    {
        var result = await CliRunner.RunAsync(null, "scan", "--source", source.StorageRoot, "--json");

        Assert.Equal(0, result.Code);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(StandardDataset.TagCount, root.GetProperty("totals").GetProperty("tags").GetInt32());
        Assert.Equal(StandardDataset.UntaggedCount, root.GetProperty("totals").GetProperty("untagged").GetInt32());
        var multi = root.GetProperty("repositories").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "multi/arch");
        var list = multi.GetProperty("tags").EnumerateArray().Single(t => t.GetProperty("tag").GetString() == "1.0");
        Assert.Equal("index", list.GetProperty("kind").GetString());
        Assert.Equal(2, list.GetProperty("platforms").GetArrayLength());
    }

    [Fact]
    public async Task Migrate_Succeeds_WritesAReportAndExitsZero()
    {
        await using var target = await RegistryProcess.StartAsync();
        var report = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.json");
        try
        {
            var result = await CliRunner.RunAsync(null, "migrate", "--source", source.StorageRoot, "--target", target.BaseUri.ToString(),
                "--include-untagged", "--report", report);

            Assert.True(result.Code == 0, result.Out + result.Err);
            Assert.Contains("verification passed", result.Out);
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
            var totals = json.RootElement.GetProperty("totals");
            Assert.Equal(StandardDataset.TagCount + StandardDataset.UntaggedCount, totals.GetProperty("imagesCopied").GetInt32());
            Assert.Equal(json.RootElement.GetProperty("plan").GetProperty("bytesToUpload").GetInt64(), totals.GetProperty("bytesUploaded").GetInt64());
            Assert.True(totals.GetProperty("blobsMounted").GetInt32() > 0);
            Assert.True(json.RootElement.GetProperty("verification").GetProperty("passed").GetBoolean());
        }
        finally
        {
            File.Delete(report);
        }
    }

    [Fact]
    public async Task Migrate_MapFiltersAndLatest_SelectAndRename()
    {
        await using var target = await RegistryProcess.StartAsync();

        var result = await CliRunner.RunAsync(null, "migrate", "--source", source.StorageRoot, "--target", target.BaseUri.ToString(),
            "--map", "team-a=platform", "--include", "team-a/*", "--exclude", "*/deep/*", "--tags", "v[0-9]+", "--latest", "2");

        Assert.True(result.Code == 0, result.Out + result.Err);
        using var http = new HttpClient();
        var tags = await http.GetStringAsync(new Uri(target.BaseUri, "v2/platform/app/tags/list"));
        // v3 was pushed last and v2 before it; v1 is older than both.
        Assert.Contains("\"v3\"", tags);
        Assert.Contains("\"v2\"", tags);
        Assert.DoesNotContain("\"v1\"", tags);
        var catalog = await http.GetStringAsync(new Uri(target.BaseUri, "v2/_catalog"));
        Assert.Equal("""{"repositories":["platform/app"]}""", catalog.Trim());
    }

    [Fact]
    public async Task Migrate_SomeImagesFail_ExitsOneAndListsEach()
    {
        await using var broken = await BrokenStorage.StartAsync();
        await using var target = await RegistryProcess.StartAsync();

        var result = await CliRunner.RunAsync(null, "migrate", "--source", broken.StorageRoot, "--target", target.BaseUri.ToString());

        Assert.Equal(1, result.Code);
        Assert.Contains("failed: broken/missing:1", result.Out);
        Assert.Contains("failed: broken/corrupt:1", result.Out);
        Assert.Contains("1 copied", result.Out);
        // The verification line and the exit code say the same thing: images were left behind.
        Assert.Contains("1 of 6 source images are on the target; 4 not copied", result.Out);
        Assert.Contains("verification FAILED", result.Out);
        Assert.DoesNotContain("verification passed", result.Out);

        var verify = await CliRunner.RunAsync(null, "verify", "--source", broken.StorageRoot, "--target", target.BaseUri.ToString());
        Assert.Equal(1, verify.Code);
        Assert.Contains("not-copied: legacy/schema1:", verify.Out);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("migrate", "--source", "/nonexistent")]
    [InlineData("scan", "--source", "/nonexistent/folder")]
    [InlineData("migrate", "--source", "/tmp", "--target", "http://10.1.2.3:5000")]
    [InlineData("scan", "--source", "/tmp", "--bogus")]
    public async Task BadUsageOrConfiguration_ExitsTwoWithAMessage(params string[] args)
    {
        var result = await CliRunner.RunAsync(null, args);

        Assert.Equal(2, result.Code);
        Assert.StartsWith("error: ", result.Err);
    }

    [Fact]
    public async Task Migrate_WrongTargetPassword_ExitsTwoAndNeverPrintsThePassword()
    {
        await using var target = await RegistryProcess.StartAsync(new RegistryProcessOptions { Htpasswd = ("ci", "right-password") });
        var env = new Dictionary<string, string> { ["TARGET_USERNAME"] = "ci", ["TARGET_PASSWORD"] = "Wr0ng-Pa55word" };

        var result = await CliRunner.RunAsync(env, "migrate", "--source", source.StorageRoot, "--target", target.BaseUri.ToString());

        Assert.Equal(2, result.Code);
        Assert.Contains("wrong username or password", result.Err);
        Assert.DoesNotContain("Wr0ng-Pa55word", result.Out + result.Err);
    }
}
