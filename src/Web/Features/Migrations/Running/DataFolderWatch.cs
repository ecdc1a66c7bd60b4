using Web.Features.Shared;

namespace Web.Features.Migrations;

/// <summary>
/// Looks at the data folder's free space every second. Hangfire's storage sits in the same folder, and when it has no
/// room Hangfire can neither mark a job finished nor hand out the next one: the migration stays Running for ever,
/// though none of our own writes has failed yet. So below <see cref="Floor"/> the reserve is let go, for both
/// databases to wind down, and the repositories running here stop with the reason; those still queued find the
/// reserve gone when they start, and fail with it too (<see cref="RepositoryJob"/>).
/// </summary>
public sealed class DataFolderWatch(SpaceReserve reserve, RunningRepositories running, DashboardPaths paths) : BackgroundService
{
    /// <summary>Little enough that a job's ordinary write never meets it with room to spare, and more than SQLite's
    /// journal needs to roll a failed write back.</summary>
    public const long Floor = 256 << 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (Free() >= Floor || !reserve.Held) continue;
            reserve.Release();
            running.StopAll(DataFolderSpace.Reason(paths));
        }
    }

    private long Free()
    {
        try { return new DriveInfo(paths.DataFolder).AvailableFreeSpace; }
        catch (IOException) { return long.MaxValue; }
    }
}
