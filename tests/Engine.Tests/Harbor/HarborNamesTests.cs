using System.Net;
using Migration.Engine.Harbor;
using Migration.Engine.Registry;
using Migration.Engine.Plan;

namespace Engine.Tests.Harbor;

public sealed class HarborNamesTests
{
    [Theory]
    [InlineData("library", true)]
    [InlineData("team-a", true)]
    [InlineData("a.b_c-d", true)]
    [InlineData("2024", true)]
    [InlineData("a__b", false)]
    [InlineData("a--b", false)]
    [InlineData("Team", false)]
    [InlineData("-a", false)]
    public void IsValid_FollowsHarborsStricterRule(string name, bool valid) => Assert.Equal(valid, HarborProjectName.IsValid(name));

    [Theory]
    [InlineData("a__b", "a-b")]
    [InlineData("Team--A", "team-a")]
    [InlineData("__", null)]
    public void Suggest_GivesANameHarborAccepts(string name, string? suggestion)
    {
        Assert.Equal(suggestion, HarborProjectName.Suggest(name));
        if (suggestion is not null) Assert.True(HarborProjectName.IsValid(suggestion));
    }

    [Fact]
    public void ArtifactsPath_EncodesTheRepositoryTwiceAndDropsTheProject() =>
        Assert.Equal("projects/proj/repositories/team%252Fapp/artifacts", HarborClient.ArtifactsPath("proj/team/app"));

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "project team not found: project team not found", "does not exist in Harbor")]
    [InlineData(HttpStatusCode.Forbidden, "DENIED", "DENIED: adding 29.0 MiB of storage resource, which when updated to current usage of 1.0 MiB will exceed the configured upper limit of 10.0 MiB.", "storage quota of project 'team' is exceeded")]
    [InlineData(HttpStatusCode.Forbidden, "DENIED", "denied: can not push artifact to a proxy project: team", "proxy-cache project")]
    [InlineData(HttpStatusCode.PreconditionFailed, "PRECONDITION", "Failed to process request due to 'app:1' configured as immutable.", "immutable")]
    [InlineData(HttpStatusCode.BadRequest, "UNSUPPORTED", "unsupported manifest media type: x", "does not accept this manifest's media type")]
    public void Hints_TranslateHarborsAnswers(HttpStatusCode status, string code, string detail, string expected) =>
        Assert.Contains(expected, HarborErrorHints.Explain(status, code, detail, "team/app"));

    [Fact]
    public void Hints_LeaveOrdinaryErrorsAlone() =>
        Assert.Null(HarborErrorHints.Explain(HttpStatusCode.BadRequest, "MANIFEST_INVALID", "bad", "team/app"));
}
