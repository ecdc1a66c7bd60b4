using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Web.Configuration;

namespace Web.Tests;

/// <summary>The settings check the app runs at start (the ValidateOnStart registration of Program.cs), on a
/// configuration of the test's making, without starting an app.</summary>
public static class SettingsAtStart
{
    /// <summary>Throws <see cref="OptionsValidationException"/> listing every wrong setting. DASHBOARD_DATA is the temp
    /// folder unless the test gives one, so checking does not make ./data in the test's working directory.</summary>
    public static void Check(params (string Key, string Value)[] settings)
    {
        var values = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        values.TryAdd(DashboardSettings.DataFolderKey, Path.GetTempPath());
        Check(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }

    public static void Check(IConfiguration configuration)
    {
        var services = new ServiceCollection().AddSingleton(configuration).AddDashboardSettings();
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
    }
}
