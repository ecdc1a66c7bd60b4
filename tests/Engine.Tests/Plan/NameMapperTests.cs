using Migration.Engine.Oci;
using Migration.Engine.Plan;

namespace Engine.Tests.Plan;

public sealed class NameMapperTests
{
    [Theory]
    [InlineData("nginx", "library/nginx")]
    [InlineData("team-a/app", "platform/app")]
    [InlineData("team-a/sub/app", "platform/core/app")]
    [InlineData("team-ab/app", "team-ab/app")]
    [InlineData("old", "new/old-name")]
    public void Map_LongestPrefixWinsAndSingleNamesGoToTheDefaultNamespace(string source, string expected)
    {
        var mapper = new NameMapper([("team-a", "platform"), ("team-a/sub", "platform/core"), ("old", "new/old-name")]);
        Assert.Equal(expected, mapper.Map(source));
    }

    [Fact]
    public void Map_CustomDefaultNamespace()
    {
        Assert.Equal("legacy/nginx", new NameMapper(null, "legacy").Map("nginx"));
        Assert.Equal("nginx", new NameMapper(null, null).Map("nginx"));
    }

    [Fact]
    public void MapChecked_InvalidResult_SaysWhichSourceProducedIt()
    {
        var mapped = new NameMapper([("team", "Team")]).MapChecked("team/app");
        Assert.NotNull(mapped.Error);
        Assert.Contains("'Team/app'", mapped.Error);
        Assert.Contains("'team/app'", mapped.Error);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("team-a/app_1.2", true)]
    [InlineData("a__b/c---d", true)]
    [InlineData("a///b", false)]
    [InlineData("-a", false)]
    [InlineData("a_", false)]
    [InlineData("a___b", false)]
    [InlineData("UPPER", false)]
    public void IsValid_FollowsTheDistributionGrammar(string name, bool valid) => Assert.Equal(valid, RepositoryName.IsValid(name));

    [Fact]
    public void ParseRule_NeedsAnEqualsSign() => Assert.Throws<FormatException>(() => NameMapper.ParseRule("nothing"));
}
