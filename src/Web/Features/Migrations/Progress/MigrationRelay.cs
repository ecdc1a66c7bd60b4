using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Web.Data;

namespace Web.Features.Migrations;

/// <summary>
/// On a web node (<c>Dashboard:Role=web</c>) the jobs run in other processes, whose publishes reach only their own
/// hubs. This reads every unfinished migration from the shared database once a second and publishes the snapshots
/// that changed, so the web node's feed and SignalR hub (<c>/hubs/jobs</c>) stay live; a finished migration gets one
/// last snapshot. The database is the backplane: nothing more to run.
/// </summary>
public sealed class MigrationRelay(IDbContextFactory<DashboardDbContext> databases, MigrationPublisher publisher, ILogger<MigrationRelay> logger)
    : BackgroundService
{
    private readonly Dictionary<int, string> _published = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RelayAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A busy database now and then only delays the next snapshot.
                logger.LogDebug(ex, "relaying migration progress failed; trying again in a second");
            }
        }
    }

    private async Task RelayAsync(CancellationToken cancellationToken)
    {
        List<int> active;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
            active = await db.Migrations.Where(m => m.Status == JobStatus.Queued || m.Status == JobStatus.Running).Select(m => m.Id).ToListAsync(cancellationToken);
        foreach (var id in active.Union(_published.Keys).ToList())
        {
            var snapshot = await publisher.ReadAsync(id, cancellationToken);
            var text = snapshot is null ? null : JsonSerializer.Serialize(snapshot);
            if (snapshot is not null && (!_published.TryGetValue(id, out var before) || before != text)) await publisher.SendAsync(snapshot);
            if (active.Contains(id) && text is not null) _published[id] = text;
            else _published.Remove(id);
        }
    }
}
