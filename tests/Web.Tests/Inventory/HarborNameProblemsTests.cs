using Web.Features.Inventory;

namespace Web.Tests.Inventory;

public sealed class HarborNameProblemsTests
{
    [Fact]
    public void Find_NamesProjectsHarborRefusesWithASuggestion()
    {
        var problems = HarborNameProblems.Find(["team__a/app", "team__a/api", "good/app", "nginx"]);

        var problem = Assert.Single(problems);
        Assert.Contains("project 'team__a' (2 repositories)", problem);
        Assert.Contains("team__a=team-a", problem);
    }
}
