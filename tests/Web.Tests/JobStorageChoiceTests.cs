using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Web.Tests;

public sealed class JobStorageChoiceTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Default_IsSqliteInTheDataFolder() => Assert.False(JobStorageChoice.From(Config()).IsPostgreSql);

    [Fact]
    public void PostgreSql_TakesTheConnectionString()
    {
        var choice = JobStorageChoice.From(Config(("Hangfire:Storage", "PostgreSql"), ("ConnectionStrings:Hangfire", "Host=db;Database=hangfire")));
        Assert.True(choice.IsPostgreSql);
        Assert.Equal("Host=db;Database=hangfire", choice.ConnectionString);
    }

    [Theory]
    [InlineData("PostgreSql", "needs ConnectionStrings:Hangfire")]
    [InlineData("Redis", "use Sqlite (the default) or PostgreSql")]
    public void WrongSettings_StopTheAppWithAMessage(string storage, string message) =>
        Assert.Contains(message, Assert.Throws<OptionsValidationException>(() => SettingsAtStart.Check(("Hangfire:Storage", storage))).Message);

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("Redis")]
    public void WrongSettings_RegisterSqliteUntilTheCheckStopsTheApp(string storage) =>
        Assert.Equal(new JobStorageChoice(false, null), JobStorageChoice.From(Config(("Hangfire:Storage", storage))));
}
