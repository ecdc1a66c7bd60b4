using Engine.Tests.Fixtures;
using Migration.Engine.Copy;
using Migration.Engine.Inventory;
using Migration.Engine.Sources;
using Migration.Engine.Plan;
using Migration.Engine.Run;

namespace Engine.Tests.Inventory;

[Collection(BrokenSourceCollection.Name)]
public sealed class ProblemTests(BrokenSourceFixture source)
{
    private async Task<SourceInventory> ScanAsync(bool deep)
    {
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        return await new Scanner(storage).ScanAsync(new ScanOptions { Deep = deep }, null, CancellationToken.None);
    }

    [Fact]
    public async Task Scan_DamagedStorage_ReportsEachProblemAgainstItsImage()
    {
        var inventory = await ScanAsync(deep: true);

        InventoryProblem Find(string code, string repository) =>
            Assert.Single(inventory.Problems, p => p.Code == code && p.Repository == repository);
        Assert.Contains(source.CorruptLayer, Find(ProblemCodes.CorruptBlob, "broken/corrupt").Message);
        Assert.Contains(source.MissingLayer, Find(ProblemCodes.MissingBlob, "broken/missing").Message);
        Assert.Contains("not-a-digest", Find(ProblemCodes.BrokenLink, "broken/brokenlink").Message);
        Assert.Contains("not valid JSON", Find(ProblemCodes.MalformedManifest, "broken/malformed").Message);
        Assert.Contains("signed schema1", Find(ProblemCodes.Schema1, "legacy/schema1").Message);
        Assert.Contains("upper-case", Find(ProblemCodes.InvalidName, "Bad_Name").Message);
        Assert.Empty(inventory.Repositories.Single(r => r.Name == "good/app").Tags.Single().ProblemCodes);
    }

    [Fact]
    public async Task Scan_WithoutDeep_StillFindsMissingBlobsButNotCorruptBytes()
    {
        var inventory = await ScanAsync(deep: false);

        Assert.Contains(inventory.Problems, p => p.Code == ProblemCodes.MissingBlob);
        Assert.DoesNotContain(inventory.Problems, p => p.Code == ProblemCodes.CorruptBlob);
    }

    [Fact]
    public async Task Migrate_DamagedStorage_CopiesTheGoodImageAndNamesEveryFailure()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);

        var report = await target.MigrateAsync(storage);

        var byRepo = report.Images.ToDictionary(i => i.SourceRepository);
        Assert.Equal(ImageStatus.Copied, byRepo["good/app"].Status);
        Assert.Equal(5, report.Totals.ImagesFailed);
        Assert.Contains($"blob {source.CorruptLayer} is corrupt", byRepo["broken/corrupt"].Error);
        Assert.Contains(source.MissingLayer, byRepo["broken/missing"].Error);
        Assert.Contains("broken link", byRepo["broken/brokenlink"].Error);
        Assert.Contains("not valid JSON", byRepo["broken/malformed"].Error);
        Assert.Contains("schema1", byRepo["legacy/schema1"].Error);
        // Every failure names its image first, so a list of failures reads on its own.
        Assert.All(report.Images.Where(i => i.Status == ImageStatus.Failed), i => Assert.StartsWith($"{i.SourceRepository}:{i.Reference} → ", i.Error));
    }

    [Fact]
    public async Task Verification_AfterImagesWereLeftBehind_CountsEverySourceImageAndFails()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);

        var report = await target.MigrateAsync(storage);

        var verification = report.Verification!;
        Assert.False(verification.Passed);
        Assert.False(report.Succeeded);
        Assert.Equal(report.Images.Count, verification.Total);
        Assert.Equal(1, verification.Matched);
        // Those the source could not give whole are "not copied", with the reason; the corrupt one (found only while
        // copying) is simply missing from the target.
        Assert.Equal(4, verification.NotCopied);
        Assert.Equal($"1 of {verification.Total} source images are on the target; 4 not copied; 1 missing or different", verification.Summary);
        var schema1 = Assert.Single(verification.Problems, p => p.SourceRepository == "legacy/schema1");
        Assert.Equal(Migration.Engine.Verify.VerifyStatus.NotCopied, schema1.Status);
        Assert.Contains("was not copied", schema1.Detail);
        Assert.Contains("schema1", schema1.Detail);
    }

    [Fact]
    public async Task Copy_CorruptSourceBlob_IsNeverCommittedOnTheTarget()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);

        await target.MigrateAsync(storage, filter: new ImageFilter { Include = ["broken/corrupt"] });

        Assert.DoesNotContain(source.CorruptLayer, target.Proxy.CommittedDigests.Keys);
        using var client = target.Client();
        Assert.Null(await client.HeadBlobAsync("broken/corrupt", Migration.Engine.Oci.Digest.Parse(source.CorruptLayer), default));
        Assert.Null(await client.HeadManifestAsync("broken/corrupt", "1", default));
    }
}
