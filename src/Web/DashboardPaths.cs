using Web.Configuration;

namespace Web;

/// <summary>Where the dashboard keeps its state: one data folder (<c>DASHBOARD_DATA</c>, default <c>./data</c>) for the
/// SQLite databases and the Data Protection keys, so a backup or a container volume is one folder.</summary>
public sealed class DashboardPaths
{
    public DashboardPaths(IConfiguration configuration) : this(DashboardSettings.From(configuration)) { }

    public DashboardPaths(DashboardSettings settings)
    {
        // A DASHBOARD_DATA that is not a path gives the default while services are registered; the validator names it.
        DataFolder = settings.DataFolderPath ?? Path.GetFullPath(DashboardSettings.DefaultDataFolder);
        // A folder that cannot be made (a file in the way, no permission) is not thrown here, alone and mid-registration:
        // DashboardSettingsValidator reports it at start with every other wrong setting, before anything opens the folder.
        try { Directory.CreateDirectory(DataFolder); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    public string DataFolder { get; }

    public string Database => Path.Combine(DataFolder, "dashboard.db");

    public string HangfireDatabase => Path.Combine(DataFolder, "hangfire.db");

    /// <summary>Held by the instance upgrading the database (<see cref="Data.SchemaUpgradeLock"/>).</summary>
    public string SchemaUpgradeLock => Path.Combine(DataFolder, "schema-upgrade.lock");

    public string KeysFolder => Path.Combine(DataFolder, "keys");
}
