using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
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
        services.AddDbContextFactory<DashboardDbContext>(o => o.UseSqlite($"Data Source={DatabaseFile};Pooling=false").AddInterceptors(Sql));
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(_folder, "keys")));
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<ConnectionService>();
        services.AddSingleton<ConnectionTester>();
        services.AddSingleton<ProgressFeed<ScanUpdate>>();
        services.AddSingleton(new ProgressTiming());
        services.AddSingleton<Web.Features.Migrations.RunningRepositories>();
        services.AddSingleton(new Web.DashboardInstance(Web.DashboardRole.All, "test-instance", 1, TimeSpan.FromMinutes(1)));
        services.AddSingleton<Web.Features.Migrations.MigrationLinkStore>();
        services.AddSingleton<Web.Features.Migrations.MigrationLinks>();
        services.AddSingleton(Jobs);
        services.AddSingleton<Hangfire.IBackgroundJobClient>(Jobs);
        services.AddSingleton<ScanService>();
        services.AddSingleton<InventoryQuery>();
        services.AddSingleton<InventoryDocument>();
        services.AddLogging();
        services.AddTransient<ScanJob>();
        services.AddSingleton(new Web.DashboardPaths(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DASHBOARD_DATA"] = _folder }).Build()));
        services.AddSingleton<Web.Features.Projects.ProjectsService>();
        services.AddSingleton<Web.Features.Projects.LastProjectCheck>();
        services.AddSingleton<Web.Features.Overview.OverviewService>();
        services.AddSignalR();
        services.AddSingleton<ProgressFeed<Web.Features.Migrations.MigrationSnapshot>>();
        services.AddSingleton<Web.Features.Migrations.MigrationPublisher>();
        services.AddSingleton<Web.Features.Migrations.MigrationService>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Web.Features.ShareLinks.ShareLinkService>();
        services.AddSingleton<Hangfire.IRecurringJobManager>(Recurring);
        services.AddSingleton<Web.Features.Plans.PlanService>();
        services.AddSingleton<Web.Features.Plans.CutoverService>();
        services.AddSingleton<Web.Features.Access.ApiTokenService>();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        Provider = services.BuildServiceProvider();
        using var db = Provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContext();
        db.Database.Migrate();
    }

    public ServiceProvider Provider { get; }
    public RecordingJobClient Jobs { get; } = new();
    public RecordingRecurringJobs Recurring { get; } = new();
    /// <summary>Every SQL statement the services ran, to check where work happens (in the database, not in memory).</summary>
    public SqlLog Sql { get; } = new();
    public ScanService Scans => Provider.GetRequiredService<ScanService>();
    public ScanJob ScanJob => Provider.GetRequiredService<ScanJob>();
    public Web.Features.Overview.OverviewService Overview => Provider.GetRequiredService<Web.Features.Overview.OverviewService>();
    public Web.Features.Projects.ProjectsService Projects => Provider.GetRequiredService<Web.Features.Projects.ProjectsService>();
    public Web.Features.Migrations.MigrationService Migrations => Provider.GetRequiredService<Web.Features.Migrations.MigrationService>();
    public ProgressFeed<Web.Features.Migrations.MigrationSnapshot> MigrationFeed => Provider.GetRequiredService<ProgressFeed<Web.Features.Migrations.MigrationSnapshot>>();
    public ProgressFeed<ScanUpdate> ScanFeed => Provider.GetRequiredService<ProgressFeed<ScanUpdate>>();
    public string DatabaseFile { get; }
    public ConnectionService Connections => Provider.GetRequiredService<ConnectionService>();
    public ConnectionTester Tester => Provider.GetRequiredService<ConnectionTester>();
    public Web.Features.ShareLinks.ShareLinkService ShareLinks => Provider.GetRequiredService<Web.Features.ShareLinks.ShareLinkService>();
    public Web.Features.Plans.PlanService Plans => Provider.GetRequiredService<Web.Features.Plans.PlanService>();
    public Web.Features.Plans.CutoverService Cutover => Provider.GetRequiredService<Web.Features.Plans.CutoverService>();
    public Web.Features.Access.ApiTokenService ApiTokens => Provider.GetRequiredService<Web.Features.Access.ApiTokenService>();

    /// <summary>A migration row with one repository, as a job would have left it.</summary>
    public async Task<int> AddMigrationAsync(JobStatus status, int done, int total, long bytes, bool? verified)
    {
        await using var db = await Provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var migration = new MigrationEntity
        {
            SourceName = "old", TargetName = "harbor", OptionsJson = "{}", Status = status, CreatedAt = DateTimeOffset.UtcNow,
            ImagesDone = done, ImagesTotal = total, BytesDone = bytes, BytesTotal = bytes * 2, Verified = verified,
        };
        db.Migrations.Add(migration);
        await db.SaveChangesAsync();
        db.MigrationRepositories.Add(new MigrationRepositoryEntity { MigrationId = migration.Id, SourceRepository = "team/app", Status = status, ImagesTotal = total, ImagesDone = done,
            InFlight = status == JobStatus.Running ? "a1b2c3d4e5f6 12.0 MiB sent" : null });
        await db.SaveChangesAsync();
        return migration.Id;
    }

    public void Dispose()
    {
        Provider.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }
}
