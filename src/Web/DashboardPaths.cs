namespace Web;

/// <summary>Where the dashboard keeps its state: one data folder (<c>DASHBOARD_DATA</c>, default <c>./data</c>) for the
/// SQLite databases and the Data Protection keys, so a backup or a container volume is one folder.</summary>
public sealed class DashboardPaths
{
    public DashboardPaths(IConfiguration configuration)
    {
        DataFolder = Path.GetFullPath(configuration["DASHBOARD_DATA"] ?? Path.Combine(Directory.GetCurrentDirectory(), "data"));
        Directory.CreateDirectory(DataFolder);
    }

    public string DataFolder { get; }

    public string Database => Path.Combine(DataFolder, "dashboard.db");

    public string HangfireDatabase => Path.Combine(DataFolder, "hangfire.db");

    public string KeysFolder => Path.Combine(DataFolder, "keys");
}
