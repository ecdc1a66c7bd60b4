namespace Web.Features.Shared;

/// <summary>
/// A few MiB of the data folder held back in a file, <c>space-reserve</c>. When a job meets a full disk it lets them
/// go, so SQLite (and Hangfire's storage beside it) can still write that the job stopped and why: with nothing left,
/// every write fails, the job stays Running for ever and the reason is lost. Taken back only when there is room
/// again (at start, and when a job starts), so work queued behind a full disk stops at once instead of eating the
/// little that was freed.
/// </summary>
public sealed class SpaceReserve(DashboardPaths paths, ILogger<SpaceReserve> logger)
{
    /// <summary>Room for a stopped job's last writes, Hangfire's state changes, and the migration's small report.</summary>
    public const int Size = 4 << 20;

    private readonly Lock _gate = new();

    public string File => Path.Combine(paths.DataFolder, "space-reserve");

    public bool Held => System.IO.File.Exists(File);

    /// <summary>True when the reserve is held, or could be taken again: the data folder has room for it and as much
    /// again. False when the folder is still full: nothing should start.</summary>
    public bool TryTake()
    {
        lock (_gate)
        {
            var file = new FileInfo(File);
            if (file.Exists && file.Length == Size) return true;
            if (Free() < 2L * Size) return false;
            try
            {
                // Written through: a file made with SetLength is sparse, and holds nothing back.
                using var stream = new FileStream(File, FileMode.Create, FileAccess.Write);
                var block = new byte[1 << 16];
                for (var written = 0; written < Size; written += block.Length) stream.Write(block);
                stream.Flush(flushToDisk: true);
                return true;
            }
            catch (IOException ex) when (DataFolderSpace.IsFull(ex))
            {
                System.IO.File.Delete(File);
                return false;
            }
        }
    }

    public void TakeAtStart()
    {
        if (!TryTake())
            logger.LogWarning("the data folder {DataFolder} has no room for its space reserve: a job that fills it may not record why it stopped",
                paths.DataFolder);
    }

    /// <summary>Lets the reserve go, once, when a write met a full disk.</summary>
    public void Release()
    {
        lock (_gate)
        {
            if (!System.IO.File.Exists(File)) return;
            System.IO.File.Delete(File);
            logger.LogWarning("the data folder {DataFolder} is full: its reserve of {Size} MiB is released so jobs can record why they stop",
                paths.DataFolder, Size >> 20);
        }
    }

    private long Free()
    {
        try { return new DriveInfo(paths.DataFolder).AvailableFreeSpace; }
        catch (IOException) { return 0; }
    }
}
