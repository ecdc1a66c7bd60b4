using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Web.Configuration;

namespace Web.Tests;

public sealed class OptionsValidationTests
{
    /// <summary>The real app with settings of the test's making on top of the usual temporary data folder.</summary>
    private sealed class SetUpFactory((string Key, string Value)[] settings) : DashboardFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        }
    }

    [Fact]
    public async Task App_WithTwoWrongSettings_StopsAtStartWithBothInOneMessage()
    {
        await using var factory = new SetUpFactory([("Hangfire:Storage", "Mysql"), ("Hangfire:RepositoryWorkers", "0")]);

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Hangfire:Storage (env Hangfire__Storage) is 'Mysql'; use Sqlite (the default) or PostgreSql", error.Message);
        Assert.Contains("Hangfire:RepositoryWorkers (env Hangfire__RepositoryWorkers) is '0'; use a whole number from 1 to 64", error.Message);
        Assert.Equal(2, error.Failures.Count());
        // Stopped before the migrations: nothing was written to the data folder.
        Assert.False(File.Exists(Path.Combine(factory.DataFolder, "dashboard.db")));
    }

    [Fact]
    public void EveryWrongSetting_IsListedInTheOneMessage()
    {
        var file = Path.GetTempFileName();
        try
        {
            var error = Assert.Throws<OptionsValidationException>(() => SettingsAtStart.Check(
                ("DASHBOARD_DATA", file), ("Hangfire:Storage", "PostgreSql"), ("Hangfire:RepositoryWorkers", "abc"), ("Dashboard:Role", "workers"),
                ("Dashboard:KeepScans", "0")));

            Assert.Collection(error.Failures,
                f => Assert.StartsWith($"DASHBOARD_DATA is '{file}'; the data folder cannot be made there: ", f),
                f => Assert.Equal("Hangfire:Storage=PostgreSql needs ConnectionStrings:Hangfire (env ConnectionStrings__Hangfire)", f),
                f => Assert.Equal("Hangfire:RepositoryWorkers (env Hangfire__RepositoryWorkers) is 'abc'; use a whole number from 1 to 64", f),
                f => Assert.Equal("Dashboard:KeepScans (env Dashboard__KeepScans) is '0'; use a whole number from 1 to 1000", f),
                f => Assert.Equal("Dashboard:Role (env Dashboard__Role) is 'workers'; use all (the default), web or worker", f));
            Assert.All(error.Failures, f => Assert.Contains(f, error.Message));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void BlankDataFolder_IsReportedNotTakenForTheDefault() =>
        Assert.Contains("DASHBOARD_DATA is ''; give a folder, or leave it unset for ./data",
            Assert.Throws<OptionsValidationException>(() => SettingsAtStart.Check(("DASHBOARD_DATA", ""))).Message);

    [Fact]
    public void Defaults_ValidateCleanly()
    {
        // No settings at all, as `dotnet run` starts: the check makes ./data under the working directory, as the app would.
        var dataFolder = Path.GetFullPath(DashboardSettings.DefaultDataFolder);
        var existed = Directory.Exists(dataFolder);
        try
        {
            SettingsAtStart.Check(new ConfigurationBuilder().Build());

            var settings = DashboardSettings.From(new ConfigurationBuilder().Build());
            Assert.Equal((dataFolder, false, 1, DashboardRole.All, Environment.MachineName),
                (settings.DataFolderPath, settings.IsPostgreSql, settings.RepositoryWorkerCount, settings.RoleChoice, settings.InstanceNameOrMachineName));
        }
        finally
        {
            if (!existed && Directory.Exists(dataFolder)) Directory.Delete(dataFolder);
        }
    }

    [Fact]
    public void GoodSettings_ValidateCleanly() => SettingsAtStart.Check(
        ("Hangfire:Storage", "postgresql"), ("ConnectionStrings:Hangfire", "Host=db;Database=hangfire"),
        ("Hangfire:RepositoryWorkers", "64"), ("Dashboard:Role", "Worker"), ("Dashboard:InstanceName", "node-7"));
}
