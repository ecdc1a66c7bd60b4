using HarborDouble;
using Microsoft.Extensions.DependencyInjection;
using Registry.Testing;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Inventory;
using Web.Features.Migrations;

namespace Web.Tests.Faults;

/// <summary>The real app (Hangfire, SQLite) with the Harbor double as its target and a damaged registry storage, shared
/// by the bad-input tests.</summary>
public sealed class BadSourceApp : IAsyncLifetime
{
    private int _sources;

    public DashboardFactory App { get; } = new();
    public HarborDoubleServer Harbor { get; private set; } = null!;
    public BrokenStorage Broken { get; private set; } = null!;
    public int TargetId { get; private set; }
    public HttpClient Client { get; private set; } = null!;

    public ConnectionService Connections => App.Services.GetRequiredService<ConnectionService>();
    public ScanService Scans => App.Services.GetRequiredService<ScanService>();
    public MigrationService Migrations => App.Services.GetRequiredService<MigrationService>();

    public async Task InitializeAsync()
    {
        Harbor = await HarborDoubleServer.StartAsync(new HarborDoubleOptions { FailedLoginDelay = TimeSpan.FromMilliseconds(20) });
        Broken = await BrokenStorage.StartAsync();
        Client = App.CreateApiClient(); // starts the app, its database and its Hangfire servers
        TargetId = (await Connections.AddAsync(new ConnectionForm
        {
            Name = "harbor", Role = ConnectionRole.Target, Location = Harbor.BaseUri.ToString(), Username = Harbor.AdminUser, Password = Harbor.AdminPassword,
        })).Id;
    }

    public async Task<int> AddSourceAsync(string location) =>
        (await Connections.AddAsync(new ConnectionForm { Name = $"source-{Interlocked.Increment(ref _sources)}", Location = location })).Id;

    public async Task<MigrationSnapshot> MigrateAsync(int sourceId)
    {
        var id = await Migrations.StartAsync(new MigrationRequest { SourceId = sourceId, TargetId = TargetId });
        return await JobWait.MigrationAsync(Migrations, id);
    }

    /// <summary>The app still answers and still runs jobs: a scan of a good storage succeeds.</summary>
    public async Task AssertHealthyAsync()
    {
        using (var health = await Client.GetAsync("/healthz")) Assert.True(health.IsSuccessStatusCode);
        var scan = await JobWait.ScanAsync(Scans, await Scans.StartAsync(await AddSourceAsync(Broken.StorageRoot), deep: false));
        Assert.Equal(JobStatus.Succeeded, scan.Status);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Broken.DisposeAsync();
        await Harbor.DisposeAsync();
    }
}
