using System.Text.RegularExpressions;
using Migration.Cli;

namespace Engine.Tests.Cli;

/// <summary><c>--help</c> for the program and for each verb: output on stdout, exit code 0, every option the verb's
/// parser accepts listed and nothing else (issue 17).</summary>
public sealed partial class HelpTests
{
    public static TheoryData<string, string> VerbsAndHelpFlags
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var verb in CliApp.Verbs)
            {
                data.Add(verb.Name, "--help");
                data.Add(verb.Name, "-h");
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(VerbsAndHelpFlags))]
    public async Task VerbHelp_ExitsZero_AndListsExactlyTheOptionsItsParserAccepts(string name, string helpFlag)
    {
        var verb = CliApp.Verbs.Single(v => v.Name == name);

        var result = await CliRunner.RunAsync(null, name, helpFlag);

        Assert.True(result.Code == 0, result.Out + result.Err);
        Assert.Equal("", result.Err);
        Assert.StartsWith($"usage: registry-migrate {name} ", result.Out);
        var listed = ListedOption().Matches(result.Out).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(verb.Options.Select(o => o.Name).Order(), listed.Order());
        // The other way round: each option the help lists is one the parser takes (with a value where it needs one).
        foreach (var option in verb.Options)
        {
            var parsed = CliArguments.Parse(option.IsFlag ? [option.Name] : [option.Name, "x"], verb.Options);
            Assert.True(option.IsFlag ? parsed.Flag(option.Name) : parsed.Value(option.Name) == "x", option.Name);
        }
    }

    [Fact]
    public async Task VerbHelp_WinsOverTheOptionsAfterIt_AndHelpVerbNamesTheSameText()
    {
        var afterOptions = await CliRunner.RunAsync(null, "migrate", "--source", "/nowhere", "--help", "--bogus");
        var helpVerb = await CliRunner.RunAsync(null, "help", "migrate");

        Assert.Equal(0, afterOptions.Code);
        Assert.Equal(0, helpVerb.Code);
        Assert.Equal(helpVerb.Out, afterOptions.Out);
        Assert.Contains("--since-report FILE", helpVerb.Out);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task TopLevelHelp_ListsEveryVerb_AndHowToGetItsOptions(string ask)
    {
        var result = await CliRunner.RunAsync(null, ask);

        Assert.Equal(0, result.Code);
        Assert.Equal("", result.Err);
        foreach (var verb in CliApp.Verbs) Assert.Matches($"(?m)^  {verb.Name} ", result.Out);
        Assert.Contains("'registry-migrate <verb> --help' lists a verb's options", result.Out);
        Assert.Contains("TARGET_USERNAME, TARGET_PASSWORD", result.Out);
    }

    [Fact]
    public async Task UnknownOption_PointsAtTheVerbsHelp_OnStderr()
    {
        var result = await CliRunner.RunAsync(null, "scan", "--bogus");

        Assert.Equal(2, result.Code);
        Assert.Equal("", result.Out);
        Assert.Contains("error: unknown option '--bogus'", result.Err);
        Assert.Contains("'registry-migrate scan --help' lists its options", result.Err);
    }

    // An option's line in a verb's help: two spaces, then the option.
    [GeneratedRegex("(?m)^  (--[a-z0-9-]+)")]
    private static partial Regex ListedOption();
}
