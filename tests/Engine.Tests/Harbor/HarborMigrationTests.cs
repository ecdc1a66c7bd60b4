using Engine.Tests.Fixtures;
using Migration.Engine.Copy;
using Migration.Engine.Harbor;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Registry.Testing;
using Migration.Engine.Plan;
using Migration.Engine.Run;

namespace Engine.Tests.Harbor;

[Collection(SourceRegistryCollection.Name)]
public sealed class HarborMigrationTests(SourceRegistryFixture source)
{
    private static string Failure(MigrationReport report, string repository) =>
        report.Images.First(i => i.SourceRepository == repository && i.Status == ImageStatus.Failed).Error!;

    [Fact]
    public async Task FullMigration_CreatesProjectsCopiesEverythingAndVerifiesThroughTheArtifactApi()
    {
        await using var harbor = await HarborTarget.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);

        var (report, projects, client) = await harbor.MigrateAsync(storage);
        using var _ = client;

        ReportAssert.NoFailures(report);
        ReportAssert.AllCopied(report, StandardDataset.TagCount);
        Assert.True(report.Verification!.Passed);
        Assert.Equal(["artifacts", "library", "multi", "team-a"], projects.Projects.Select(p => p.Project));
        Assert.Equal(["created", "created", "created"], projects.Projects.Where(p => p.Project != "library").Select(p => p.Outcome));
        // Single-component names land in library, the project Harbor always has.
        Assert.Equal(source.Data.AlpineLatest.Digest, harbor.Server.FindDigest("library/alpine", "3.19"));
        Assert.Equal(source.Data.MultiArch.Digest, harbor.Server.FindDigest("multi/arch", "1.0"));
        using var api = new HarborClient(harbor.Login());
        var index = await api.GetArtifactAsync("multi/arch", "1.0", default);
        Assert.Equal(2, index!.References!.Count);
    }

    [Fact]
    public async Task MissingProject_WithCreationOff_FailsThoseImagesClearlyAndCopiesTheRest()
    {
        await using var harbor = await HarborTarget.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);

        var (report, projects, client) = await harbor.MigrateAsync(storage, createProjects: false);
        using var _ = client;

        Assert.Equal(ProjectStatus.Missing, projects.Projects.Single(p => p.Project == "team-a").Status);
        Assert.All(report.Images.Where(i => i.SourceRepository == "alpine"), i => Assert.Equal(ImageStatus.Copied, i.Status));
        Assert.Contains("project 'team-a' does not exist in Harbor", Failure(report, "team-a/app"));
    }

    [Fact]
    public async Task MissingProject_SeenOnlyByThePush_IsReportedAsMissingNotAsBadCredentials()
    {
        await using var harbor = await HarborTarget.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        var items = await TargetRegistry.SelectAsync(storage, new ImageFilter { Include = ["team-a/app"] });
        using var client = new RegistryClient(harbor.Login());

        // No project planning at all: Harbor's own 401 "project team-a not found" must still read as such.
        var report = await new MigrationRunner(storage, client, new CopyOptions()).RunAsync(items, new Events(), default);

        Assert.All(report.Images, i => Assert.Contains("project 'team-a' does not exist in Harbor", i.Error));
        Assert.DoesNotContain(report.Images, i => i.Error!.Contains("password"));
    }

    [Fact]
    public async Task WrongPassword_IsDetectedBeforeAnyWork()
    {
        await using var harbor = await HarborTarget.StartAsync();
        using var api = new HarborClient(harbor.Login(password: "not-the-password"));

        var ex = await Assert.ThrowsAsync<RegistryAuthException>(() => api.CheckCredentialsAsync(default));

        Assert.Contains("wrong username or password", ex.Message);
        Assert.DoesNotContain("not-the-password", ex.Message);
    }

    [Fact]
    public async Task RobotAccount_IsRecognisedAndCanMigrateIntoItsProjects()
    {
        await using var harbor = await HarborTarget.StartAsync();
        harbor.Server.CreateProject("team-a");
        var robot = harbor.Server.AddRobot("migrator", "robot-secret-1", "team-a", "pull", "push");
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        using (var api = new HarborClient(harbor.Login(robot, "robot-secret-1")))
        {
            var identity = await api.CheckCredentialsAsync(default);
            Assert.True(identity.IsRobot);
            Assert.True(identity.IsProjectRobot);
        }

        var (report, _, client) = await harbor.MigrateAsync(storage, createProjects: false, login: harbor.Login(robot, "robot-secret-1"),
            filter: new ImageFilter { Include = ["team-a/*"] });
        using var _ = client;

        ReportAssert.NoFailures(report);
        Assert.Equal(source.Data.AppV2.Digest, harbor.Server.FindDigest("team-a/app", "v2"));
    }

    [Fact]
    public async Task TokenExpiringMidRun_IsRefreshedAndTheLargeUploadCompletes()
    {
        await using var big = await RegistryProcess.StartAsync();
        using (var push = new ImagePusher(big.BaseUri))
            await push.PushImageAsync("team-a/big", "1", new ImageSpec([new LayerSpec(900, 24L << 20)]));
        await using var harbor = await HarborTarget.StartAsync(tokenLifetime: TimeSpan.FromSeconds(5));
        using var storage = ImageSourceFactory.Open(big.StorageRoot);
        // Slow the stream down so the 24 MiB upload, in 4 MiB chunks, takes about 8 s: longer than a token lives.
        var slow = new Events { OnEvent = e => { if (e is BytesTransferred { Bytes: > 0 }) Thread.Sleep(300); } };

        var (report, _, client) = await harbor.MigrateAsync(storage, options: new CopyOptions { ChunkThreshold = 4 << 20, ChunkSize = 4 << 20 },
            progress: slow);
        using var _ = client;

        ReportAssert.NoFailures(report);
        Assert.True(report.Verification!.Passed);
        Assert.True(client.TokensFetched >= 3, $"tokens fetched: {client.TokensFetched}");
    }

    [Fact]
    public async Task SharedLayers_AreMountedAcrossProjectsAndUploadedOnce()
    {
        await using var harbor = await HarborTarget.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);

        var (report, _, client) = await harbor.MigrateAsync(storage);
        using var _ = client;

        ReportAssert.NoFailures(report);
        Assert.Equal(report.Plan.BlobsToUpload, report.Totals.BlobsUploaded);
        Assert.True(report.Totals.BlobsMounted >= 3, $"mounts: {report.Totals.BlobsMounted}");
        Assert.Equal(report.Plan.BytesToUpload, report.Totals.BytesUploaded);
    }

    [Fact]
    public async Task QuotaExceeded_InOneProject_FailsOnlyThatProject()
    {
        await using var harbor = await HarborTarget.StartAsync();
        harbor.Server.CreateProject("team-a", storageLimit: 100_000);
        using var storage = ImageSourceFactory.Open(source.StorageRoot);

        var (report, _, client) = await harbor.MigrateAsync(storage);
        using var _ = client;

        Assert.Contains("storage quota of project 'team-a' is exceeded", Failure(report, "team-a/app"));
        Assert.All(report.Images.Where(i => !i.TargetRepository.StartsWith("team-a/")), i => Assert.Equal(ImageStatus.Copied, i.Status));
    }

    [Fact]
    public async Task ImmutableTag_ReRunIsDoneAndADifferentImageIsRefusedClearly()
    {
        await using var harbor = await HarborTarget.StartAsync();
        harbor.Server.CreateProject("team-a");
        harbor.Server.AddImmutableTagRule("team-a", "v*");
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        var filter = new ImageFilter { Include = ["team-a/app"] };
        var (first, _, c1) = await harbor.MigrateAsync(storage, filter: filter);
        c1.Dispose();
        ReportAssert.NoFailures(first);

        var (again, _, c2) = await harbor.MigrateAsync(storage, filter: filter);
        c2.Dispose();
        ReportAssert.NoFailures(again);
        Assert.Equal(again.Totals.Images, again.Totals.ImagesAlreadyPresent);

    }

    [Fact]
    public async Task ImmutableTag_PointingAtAnotherImage_IsRefusedWithAClearReason()
    {
        await using var harbor = await HarborTarget.StartAsync();
        harbor.Server.CreateProject("team-a");
        // Someone already pushed a different image as team-a/app:v1 before the rule was set.
        using (var push = new ImagePusher(harbor.Server.BaseUri, harbor.Server.AdminUser, harbor.Server.AdminPassword))
            await push.PushImageAsync("team-a/app", "v1", new ImageSpec([new LayerSpec(777, 1000)]));
        harbor.Server.AddImmutableTagRule("team-a", "v1");
        using var storage = ImageSourceFactory.Open(source.StorageRoot);

        var (report, _, client) = await harbor.MigrateAsync(storage, filter: new ImageFilter { Include = ["team-a/app"] });
        using var _ = client;

        var v1 = report.Images.Single(i => i.Reference == "v1");
        Assert.Equal(ImageStatus.Failed, v1.Status);
        Assert.Contains("immutable", v1.Error);
        Assert.All(report.Images.Where(i => i.Reference != "v1"), i => Assert.Equal(ImageStatus.Copied, i.Status));
    }

    [Fact]
    public async Task ContentTrustBlockingV2Reads_StillVerifiesThroughTheArtifactApi()
    {
        await using var harbor = await HarborTarget.StartAsync();
        harbor.Server.CreateProject("multi");
        harbor.Server.SetProjectMetadata("multi", "enable_content_trust_cosign", "true");
        using var storage = ImageSourceFactory.Open(source.StorageRoot);

        var (report, _, client) = await harbor.MigrateAsync(storage, filter: new ImageFilter { Include = ["multi/*"] });
        using var _ = client;

        ReportAssert.NoFailures(report);
        Assert.True(report.Verification!.Passed, string.Join("\n", report.Verification.Problems.Select(p => p.Detail)));
        var blocked = await Assert.ThrowsAsync<RegistryException>(() => client.HeadManifestAsync("multi/arch", "1.0", default));
        Assert.Equal(System.Net.HttpStatusCode.PreconditionFailed, blocked.Status);
    }
}
