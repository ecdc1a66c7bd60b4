using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Inventory;
using Web.Features.Shared;

namespace Web.Tests.Connections;

/// <summary>The connection feature's real services over a SQLite file in a temporary folder.</summary>
public sealed class ConnectionServices : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("connections-").FullName;

    public ConnectionServices()
    {
        DatabaseFile = Path.Combine(_folder, "dashboard.db");
        var services = new ServiceCollection();
        services.AddDbContextFactory<DashboardDbContext>(o => o.UseSqlite($"Data Source={DatabaseFile};Pooling=false"));
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(_folder, "keys")));
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<ConnectionService>();
        services.AddSingleton<ConnectionTester>();
        services.AddSingleton<ProgressFeed<ScanUpdate>>();
        services.AddSingleton(Jobs);
        services.AddSingleton<Hangfire.IBackgroundJobClient>(Jobs);
        services.AddSingleton<ScanService>();
        services.AddLogging();
        services.AddTransient<ScanJob>();
        services.AddSingleton<Web.Features.Projects.ProjectsService>();
        services.AddSignalR();
        services.AddSingleton<ProgressFeed<Web.Features.Jobs.MigrationSnapshot>>();
        services.AddSingleton<Web.Features.Jobs.MigrationPublisher>();
        services.AddSingleton<Web.Features.Jobs.MigrationService>();
        Provider = services.BuildServiceProvider();
        using var db = Provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContext();
        db.Database.Migrate();
    }

    public ServiceProvider Provider { get; }
    public RecordingJobClient Jobs { get; } = new();
    public ScanService Scans => Provider.GetRequiredService<ScanService>();
    public ScanJob ScanJob => Provider.GetRequiredService<ScanJob>();
    public Web.Features.Projects.ProjectsService Projects => Provider.GetRequiredService<Web.Features.Projects.ProjectsService>();
    public Web.Features.Jobs.MigrationService Migrations => Provider.GetRequiredService<Web.Features.Jobs.MigrationService>();
    public ProgressFeed<Web.Features.Jobs.MigrationSnapshot> MigrationFeed => Provider.GetRequiredService<ProgressFeed<Web.Features.Jobs.MigrationSnapshot>>();
    public ProgressFeed<ScanUpdate> ScanFeed => Provider.GetRequiredService<ProgressFeed<ScanUpdate>>();
    public string DatabaseFile { get; }
    public ConnectionService Connections => Provider.GetRequiredService<ConnectionService>();
    public ConnectionTester Tester => Provider.GetRequiredService<ConnectionTester>();

    public void Dispose()
    {
        Provider.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }
}
