using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Web.Data;
using Web.Features.Shared;

namespace Web.Features.Migrations;

/// <summary>
/// The one way a migration's snapshot reaches pages (the in-process feed) and outside listeners (the SignalR group).
/// While a repository copies here, <see cref="Changed"/> pushes the live numbers from memory, at most every
/// <see cref="ProgressTiming.PushEvery"/> and always once after the last change; the database is not read or
/// written for it. A state change (start, finish, cancel) is written to the database first and then published with
/// <see cref="PublishAsync"/>, which reads it back.
/// </summary>
public sealed class MigrationPublisher(IDbContextFactory<DashboardDbContext> databases, RunningRepositories running, MigrationLinks links,
    ProgressFeed<MigrationSnapshot> feed, IHubContext<MigrationsHub, IMigrationsClient> hub, ProgressTiming timing, ILogger<MigrationPublisher> logger)
{
    private readonly ConcurrentDictionary<int, MigrationSnapshot> _stored = new();
    private readonly ConcurrentDictionary<int, TrailingThrottle> _throttles = new();

    /// <summary>The numbers of a repository running here moved. Cheap; never blocks, never throws.</summary>
    public void Changed(int migrationId) => Throttle(migrationId).Poke();

    /// <summary>The snapshot as stored, with the live numbers of repositories (and the link) running here laid over it.</summary>
    public async Task<MigrationSnapshot?> ReadAsync(int migrationId, CancellationToken cancellationToken = default)
    {
        if (await ReadStoredAsync(migrationId, cancellationToken) is not { } stored) return null;
        // Live pushes start from the newest stored snapshot; a finished one is only kept while it is being published.
        if (stored.Status is JobStatus.Queued or JobStatus.Running || running.AnyFor(migrationId)) _stored[migrationId] = stored;
        return Live(stored);
    }

    /// <summary>After a state change was written: reads the migration and publishes it now. It goes through the same
    /// queue as live pushes, so an older live snapshot can never arrive after it.</summary>
    public async Task PublishAsync(int migrationId)
    {
        if (await ReadStoredAsync(migrationId, CancellationToken.None) is not { } stored) return;
        _stored[migrationId] = stored;
        await Throttle(migrationId).PublishNowAsync();
        Forget(migrationId);
    }

    /// <summary>Sends a snapshot read elsewhere (the relay on a web node) to this node's pages and hub.</summary>
    public async Task SendAsync(MigrationSnapshot snapshot)
    {
        feed.Publish(Key(snapshot.Id), snapshot);
        await hub.Clients.Group(MigrationsHub.Group(snapshot.Id)).SnapshotUpdated(snapshot);
    }

    public static string Key(int migrationId) => $"migration:{migrationId}";

    private async Task<MigrationSnapshot?> ReadStoredAsync(int migrationId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var migration = await db.Migrations.AsNoTracking().SingleOrDefaultAsync(m => m.Id == migrationId, cancellationToken);
        if (migration is null) return null;
        var repositories = await db.MigrationRepositories.AsNoTracking().Where(r => r.MigrationId == migrationId).ToListAsync(cancellationToken);
        var workers = migration.Status == JobStatus.Running ? await MigrationLinkStore.ReadAsync(db, migrationId, cancellationToken) : [];
        return MigrationSnapshot.From(migration, repositories, workers);
    }

    private TrailingThrottle Throttle(int migrationId) =>
        _throttles.GetOrAdd(migrationId, id => new TrailingThrottle(timing.PushEvery, () => PushAsync(id), logger));

    // Reads the latest stored snapshot when it runs, never one captured earlier.
    private Task PushAsync(int migrationId) =>
        _stored.TryGetValue(migrationId, out var stored) ? SendAsync(Live(stored)) : Task.CompletedTask;

    private MigrationSnapshot Live(MigrationSnapshot stored) => links.Overlay(running.Overlay(stored));

    // A finished migration with nothing running here needs no live state any more.
    private void Forget(int migrationId)
    {
        if (_stored.TryGetValue(migrationId, out var stored) && stored.Status is not (JobStatus.Queued or JobStatus.Running) && !running.AnyFor(migrationId))
        {
            _stored.TryRemove(KeyValuePair.Create(migrationId, stored));
            _throttles.TryRemove(migrationId, out _);
        }
    }
}
