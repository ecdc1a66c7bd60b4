using Engine.Tests.Fixtures;
using Registry.Testing;

namespace Engine.Tests.Cli;

/// <summary>A registry or Harbor that needs a login, given none: the error names the environment variables that
/// give one, since no option can (issue 17).</summary>
public sealed class LoginMessageTests
{
    [Fact]
    public async Task RegistryWithoutLogin_NamesTheSourceOrTargetVariables()
    {
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { Htpasswd = ("ci", "right-password") });
        var url = registry.BaseUri.ToString();

        var scan = await CliRunner.RunAsync(null, "scan", "--source", url);
        var verify = await CliRunner.RunAsync(null, "verify", "--source", url, "--target", url);

        Assert.Equal(2, scan.Code);
        Assert.Contains("needs a login and none was given; set SOURCE_USERNAME and SOURCE_PASSWORD in the environment", scan.Err);
        Assert.Equal(2, verify.Code);
        Assert.Contains("needs a login and none was given; set TARGET_USERNAME and TARGET_PASSWORD in the environment", verify.Err);
    }

    [Fact]
    public async Task HarborWithoutLogin_NamesTheTargetVariables()
    {
        await using var harbor = await HarborTarget.StartAsync();
        await using var source = await RegistryProcess.StartAsync();

        var result = await CliRunner.RunAsync(null, "projects", "--source", source.BaseUri.ToString(), "--target", harbor.Server.BaseUri.ToString());

        Assert.True(result.Code == 2, result.Out + result.Err);
        Assert.Contains("Harbor needs a login (a user, or robot$name): set TARGET_USERNAME and TARGET_PASSWORD in the environment", result.Err);
    }
}
