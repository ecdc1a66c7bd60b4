using Engine.Tests.Fixtures;
using Migration.Engine.Copy;
using Migration.Engine.Harbor;
using Migration.Engine.Plan;
using Migration.Engine.Sources;
using Migration.Engine.Run;

namespace Engine.Tests.Plan;

public sealed class HarborProjectTests
{
    [Fact]
    public async Task Plan_MarksEachProjectAndSuggestsAMappingForNamesHarborRefuses()
    {
        await using var harbor = await HarborTarget.StartAsync();
        harbor.Server.CreateProject("existing");
        harbor.Server.CreateProject("cache", registryId: 1);
        using var api = new HarborClient(harbor.Login());

        var plan = await new ProjectPlanner(api).PlanAsync(["existing/app", "fresh/app", "a__b/app", "cache/app", "nginx"], new NameMapper(), create: false, default);

        var byName = plan.Projects.ToDictionary(p => p.Project);
        Assert.Equal(ProjectStatus.Exists, byName["existing"].Status);
        Assert.Equal(ProjectStatus.Exists, byName["library"].Status);
        Assert.Equal(ProjectStatus.Missing, byName["fresh"].Status);
        Assert.Equal(ProjectStatus.Invalid, byName["a__b"].Status);
        Assert.Equal(new MappingSuggestion("a__b", "a-b"), byName["a__b"].SuggestedMapping);
        Assert.True(byName["cache"].IsProxyCache);
    }

    [Fact]
    public async Task Create_IsIdempotentAndCountsAConcurrentCreatorAsSuccess()
    {
        await using var harbor = await HarborTarget.StartAsync();
        using var api = new HarborClient(harbor.Login());
        var planner = new ProjectPlanner(api);

        var plan = await planner.PlanAsync(["one/app", "two/app"], new NameMapper(), create: true, default);
        Assert.Equal(2, plan.ToCreate.Count());
        harbor.Server.CreateProject("two"); // created by someone else between plan and create
        var created = await planner.CreateAsync(plan, isPublic: true, storageLimit: null, default);

        Assert.Equal(["created", "already existed"], created.Projects.Select(p => p.Outcome));
        Assert.Equal(ProjectCreation.AlreadyExisted, await api.CreateProjectAsync("one", true, null, default));
        Assert.True((await api.GetProjectAsync("one", default))!.IsPublic);
    }
}

[Collection(BrokenSourceCollection.Name)]
public sealed class HarborProblemTests(BrokenSourceFixture source)
{
    [Fact]
    public async Task Schema1AndDamagedImages_AreReportedWhileTheGoodOneIsCopied()
    {
        await using var harbor = await HarborTarget.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);

        var (report, _, client) = await harbor.MigrateAsync(storage);
        using var _ = client;

        var byRepo = report.Images.ToDictionary(i => i.SourceRepository);
        Assert.Equal(ImageStatus.Copied, byRepo["good/app"].Status);
        Assert.Contains("schema1", byRepo["legacy/schema1"].Error);
        Assert.Contains("Harbor 2.x refuse", byRepo["legacy/schema1"].Error);
        Assert.Equal(source.Good.Digest, harbor.Server.FindDigest("good/app", "1"));
    }
}
