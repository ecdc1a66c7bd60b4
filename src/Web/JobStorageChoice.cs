namespace Web;

/// <summary>
/// Where Hangfire keeps its queue: SQLite in the data folder (the default, one instance), or PostgreSQL so several
/// app instances share the work (<c>Hangfire:Storage=PostgreSql</c> and <c>ConnectionStrings:Hangfire</c>).
/// A wrong setting stops the app at start with a message, not at the first job.
/// </summary>
public sealed record JobStorageChoice(bool IsPostgreSql, string? ConnectionString)
{
    public static JobStorageChoice From(IConfiguration configuration)
    {
        var kind = configuration["Hangfire:Storage"] ?? "Sqlite";
        if (kind.Equals("Sqlite", StringComparison.OrdinalIgnoreCase)) return new(false, null);
        if (!kind.Equals("PostgreSql", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Hangfire:Storage is '{kind}'; use Sqlite (the default) or PostgreSql");
        var connection = configuration.GetConnectionString("Hangfire");
        if (string.IsNullOrWhiteSpace(connection))
            throw new InvalidOperationException("Hangfire:Storage=PostgreSql needs ConnectionStrings:Hangfire (e.g. env ConnectionStrings__Hangfire)");
        return new(true, connection);
    }
}
