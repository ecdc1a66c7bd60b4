namespace Web.Features.Migrations;

/// <summary>Where a running repository's counters are kept between flushes: the dashboard database, which reloaded
/// pages, resumed jobs and other app instances read. Called from the flush loop only, never from a transfer.</summary>
public interface IRepositoryProgressStore
{
    Task SaveAsync(RunningRepository run, CancellationToken cancellationToken);

    /// <summary>True when someone cancelled the migration, on any app instance.</summary>
    Task<bool> IsCancelledAsync(int migrationId, CancellationToken cancellationToken);
}
