using Microsoft.EntityFrameworkCore;
using Registry.Testing;
using Web.Data;
using Web.Tests.EndToEnd;

namespace Web.Tests.ScaleOut;

/// <summary>
/// The app scaled out on one host: a private PostgreSQL for Hangfire's queue, one web node (<c>Dashboard__Role=web</c>)
/// and two worker nodes, all <c>dotnet Web.dll</c> processes sharing one data folder. Logs are JSON, one line an event.
/// </summary>
public sealed class ScaleOutCluster : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> _settings;

    private ScaleOutCluster(PostgresProcess postgres, string dataFolder, IReadOnlyDictionary<string, string> settings)
    {
        (Postgres, DataFolder, _settings) = (postgres, dataFolder, settings);
        Web = Node("web", "web");
        Workers = [Node("worker", "worker-1"), Node("worker", "worker-2")];
    }

    public PostgresProcess Postgres { get; }
    public string DataFolder { get; }
    public DashboardProcess Web { get; }
    public IReadOnlyList<DashboardProcess> Workers { get; }

    /// <param name="settings">More environment for every node, e.g. <c>Hangfire__WorkerTimeoutSeconds</c>.</param>
    public static async Task<ScaleOutCluster> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var postgres = await PostgresProcess.StartAsync();
        await postgres.CreateDatabaseAsync("hangfire");
        var cluster = new ScaleOutCluster(postgres, Directory.CreateTempSubdirectory("dashboard-scaleout-").FullName, settings ?? new Dictionary<string, string>());
        // The web node first: it creates the dashboard database and Hangfire's schema; the workers then find both.
        await cluster.Web.StartAsync();
        await Task.WhenAll(cluster.Workers.Select(w => w.StartAsync()));
        return cluster;
    }

    /// <summary>The dashboard database the nodes share, read straight from the data folder.</summary>
    public DashboardDbContext OpenDatabase() =>
        new(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={Path.Combine(DataFolder, "dashboard.db")}").Options);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Workers.Append(Web)) await node.DisposeAsync();
        await Postgres.DisposeAsync();
        try { Directory.Delete(DataFolder, true); } catch (IOException) { }
    }

    private DashboardProcess Node(string role, string name)
    {
        // DashboardProcess gives every node the same admin password and API token (DashboardProcess.ApiToken).
        var node = new DashboardProcess(DataFolder);
        foreach (var (key, value) in new Dictionary<string, string>
                 {
                     ["Dashboard__Role"] = role,
                     ["Dashboard__InstanceName"] = name,
                     ["Hangfire__Storage"] = "PostgreSql",
                     ["ConnectionStrings__Hangfire"] = Postgres.ConnectionString("hangfire"),
                     ["Logging__Console__FormatterName"] = "json",
                 }.Concat(_settings))
            node.Environment[key] = value;
        return node;
    }
}
