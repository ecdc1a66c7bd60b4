using Web.Configuration;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Inventory;
using Web.Features.Migrations;
using Web.Features.Plans;
using Web.Features.Projects;
using Web.Features.Shared;

namespace Web;

/// <summary>The dashboard's wiring, one extension per concern, so Program.cs stays a table of contents.</summary>
public static class WebServiceCollectionExtensions
{
    public static void AddDashboardData(this IHostApplicationBuilder builder)
    {
        var paths = new DashboardPaths(builder.Configuration);
        builder.Services.AddSingleton(paths);
        builder.Services.AddDbContextFactory<DashboardDbContext>(o => o.UseSqlite($"Data Source={paths.Database}"));
        // Keys beside the data they protect: a restored data folder can still read its secrets.
        builder.AddDashboardKeyProtection(paths);
    }

    public static void AddDashboardJobs(this IHostApplicationBuilder builder)
    {
        var paths = new DashboardPaths(builder.Configuration);
        var storage = JobStorageChoice.From(builder.Configuration);
        var instance = DashboardInstance.From(builder.Configuration);
        builder.Services.AddSingleton(instance);
        builder.Services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (storage.IsPostgreSql)
                // Sliding invisibility: a long repository job is kept fetched while its worker lives, instead of being
                // handed to another worker after a fixed 30 minutes; a dead worker's job comes back after the worker timeout.
                config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(storage.ConnectionString), new PostgreSqlStorageOptions
                {
                    QueuePollInterval = TimeSpan.FromSeconds(1), UseSlidingInvisibilityTimeout = true, InvisibilityTimeout = instance.WorkerTimeout,
                });
            else
                // A person just pressed a button: pick the job up within a second, not the default 15.
                config.UseSQLiteStorage(paths.HangfireDatabase, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });
        });
        // A web node only enqueues; the workers elsewhere pick the jobs up from the shared storage.
        if (!instance.RunsJobs) return;
        // Few workers: copy parallelism lives inside a job (RECIPES.md: SQLite storage and many workers do not mix).
        // Scans and migration set-up run beside repository copies, which have their own queue. Repository jobs running
        // at the same time (more workers, more instances) claim each blob before uploading it (DatabaseBlobPlacements),
        // so a shared layer is still sent once.
        // Schedules are looked at every 5 s (Hangfire's default is 15), so a plan's sync starts close to its time.
        builder.Services.AddHangfireServer(o =>
        {
            (o.WorkerCount, o.Queues, o.ServerName, o.SchedulePollingInterval) = (2, ["default"], $"{instance.Name}:default", TimeSpan.FromSeconds(5));
            o.WatchForDeadServers(instance.WorkerTimeout);
        });
        builder.Services.AddHangfireServer(o =>
        {
            (o.WorkerCount, o.Queues, o.ServerName) = (instance.RepositoryWorkers, [RepositoryJob.Queue], $"{instance.Name}:{RepositoryJob.Queue}");
            o.WatchForDeadServers(instance.WorkerTimeout);
        });
    }

    public static void AddDashboardFeatures(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddSingleton<SecretProtector>();
        builder.Services.AddSingleton<ConnectionService>();
        builder.Services.AddSingleton<ConnectionTester>();
        builder.Services.AddSingleton<ProgressFeed<ScanUpdate>>();
        builder.Services.AddSingleton<ScanService>();
        builder.Services.AddSingleton<InventoryQuery>();
        builder.Services.AddSingleton<InventoryDocument>();
        builder.Services.AddTransient<ScanJob>();
        builder.Services.AddSingleton<ProjectsService>();
        builder.Services.AddSingleton<LastProjectCheck>();
        builder.Services.AddSingleton<Web.Features.Overview.OverviewService>();
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<ProgressFeed<MigrationSnapshot>>();
        builder.Services.AddSingleton<MigrationPublisher>();
        builder.Services.AddSingleton<MigrationFinisher>();
        builder.Services.AddSingleton<MigrationService>();
        builder.Services.AddSingleton<PlanService>();
        builder.Services.AddSingleton<CutoverService>();
        builder.Services.AddTransient<PlanScheduleJob>();
        builder.Services.AddTransient<MigrationWatcher>();
        builder.Services.AddTransient<MigrationCoordinatorJob>();
        builder.Services.AddTransient<RepositoryJob>();
        builder.Services.AddSingleton<RunningRepositories>();
        builder.Services.AddSingleton<SpaceReserve>();
        builder.Services.AddHostedService<DataFolderWatch>();
        builder.Services.AddSingleton<MigrationLinkStore>();
        builder.Services.AddSingleton<MigrationLinks>();
        builder.Services.AddSingleton<IRepositoryProgressStore, DatabaseProgressStore>();
        builder.Services.AddSingleton(new ProgressTiming());
        builder.Services.AddHostedService<ResumeUnfinishedMigrations>();
        // Jobs may run elsewhere (a web node, or instances sharing a PostgreSQL queue): bring their progress from the
        // shared database to this node's pages and hub. A lone all-in-one instance publishes from memory and never polls.
        if (DashboardInstance.From(builder.Configuration).Role == DashboardRole.Web || JobStorageChoice.From(builder.Configuration).IsPostgreSql)
            builder.Services.AddHostedService<MigrationRelay>();
    }

    /// <summary>Applies EF migrations before the app serves anything, one instance at a time.</summary>
    public static async Task MigrateDashboardDatabaseAsync(this WebApplication app)
    {
        var paths = app.Services.GetRequiredService<DashboardPaths>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SchemaUpgradeLock));
        using var upgrade = await SchemaUpgradeLock.AcquireAsync(paths.SchemaUpgradeLock, logger, TimeSpan.FromMinutes(10), app.Lifetime.ApplicationStopping);
        var factory = app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        // Left by an instance killed mid-upgrade (every live upgrader holds the file lock we now hold): EF would wait
        // for it forever.
        var lockTables = await db.Database
            .SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM sqlite_master WHERE name = '__EFMigrationsLock'").SingleAsync();
        if (lockTables > 0) await db.Database.ExecuteSqlRawAsync("""DELETE FROM "__EFMigrationsLock";""");
        await db.Database.MigrateAsync();
    }

    /// <summary>
    /// A server that has not sent a heartbeat for the worker timeout is dropped from the list, and the list is looked at
    /// four times per timeout (Hangfire's defaults: 5 minutes, looked at every 5): a repository job that finds its owner
    /// gone from the list takes the repository over (RepositoryJob.ClaimAsync).
    /// </summary>
    private static void WatchForDeadServers(this BackgroundJobServerOptions options, TimeSpan workerTimeout) =>
        (options.HeartbeatInterval, options.ServerTimeout, options.ServerCheckInterval) = (workerTimeout / 4, workerTimeout, workerTimeout / 4);
}
