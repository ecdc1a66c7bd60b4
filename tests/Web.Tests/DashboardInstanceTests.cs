using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Web.Tests;

public sealed class DashboardInstanceTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Default_DoesEverythingWithOneRepositoryWorker()
    {
        var instance = DashboardInstance.From(Config());
        Assert.Equal((DashboardRole.All, Environment.MachineName, 1, true), (instance.Role, instance.Name, instance.RepositoryWorkers, instance.RunsJobs));
    }

    [Theory]
    [InlineData("web", DashboardRole.Web, false)]
    [InlineData("Worker", DashboardRole.Worker, true)]
    [InlineData("ALL", DashboardRole.All, true)]
    public void Role_IsReadWhateverTheCase(string text, DashboardRole role, bool runsJobs)
    {
        var instance = DashboardInstance.From(Config(("Dashboard:Role", text), ("Dashboard:InstanceName", "node-7"), ("Hangfire:RepositoryWorkers", "3")));
        Assert.Equal((role, runsJobs, "node-7", 3), (instance.Role, instance.RunsJobs, instance.Name, instance.RepositoryWorkers));
    }

    [Theory]
    [InlineData("Dashboard:Role", "workers", "use all (the default), web or worker")]
    [InlineData("Dashboard:Role", "2", "use all (the default), web or worker")]
    [InlineData("Hangfire:RepositoryWorkers", "0", "a whole number from 1 to 64")]
    [InlineData("Hangfire:RepositoryWorkers", "many", "a whole number from 1 to 64")]
    public void WrongSettings_StopTheAppWithAMessage(string key, string value, string message) =>
        Assert.Contains(message, Assert.Throws<OptionsValidationException>(() => SettingsAtStart.Check((key, value))).Message);

    [Fact]
    public void WrongSettings_RegisterTheDefaultsUntilTheCheckStopsTheApp()
    {
        var instance = DashboardInstance.From(Config(("Dashboard:Role", "workers"), ("Hangfire:RepositoryWorkers", "many")));
        Assert.Equal((DashboardRole.All, 1), (instance.Role, instance.RepositoryWorkers));
    }
}
