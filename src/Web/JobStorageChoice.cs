using Web.Configuration;

namespace Web;

/// <summary>
/// Where Hangfire keeps its queue: SQLite in the data folder (the default, one instance), or PostgreSQL so several
/// app instances share the work (<c>Hangfire:Storage=PostgreSql</c> and <c>ConnectionStrings:Hangfire</c>).
/// </summary>
public sealed record JobStorageChoice(bool IsPostgreSql, string? ConnectionString)
{
    /// <summary>
    /// The choice for registering Hangfire, which happens before anything can be reported: a wrong setting gives SQLite
    /// here, and <see cref="DashboardSettingsValidator"/> stops the app at start with it and every other wrong setting,
    /// before any job storage is opened. PostgreSQL is only chosen with its connection string.
    /// </summary>
    public static JobStorageChoice From(IConfiguration configuration) => From(DashboardSettings.From(configuration));

    public static JobStorageChoice From(DashboardSettings settings) =>
        settings.IsPostgreSql == true && !string.IsNullOrWhiteSpace(settings.HangfireConnection)
            ? new(true, settings.HangfireConnection)
            : new(false, null);
}
