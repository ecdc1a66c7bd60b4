using Microsoft.Data.Sqlite;
using Migration.Engine;

namespace Web.Features.Shared;

/// <summary>
/// Recognises a full data folder however it surfaces (SQLITE_FULL from a database write, ENOSPC from a file write) and
/// says so in words a person can act on. SQLite rolls the failed transaction back, so the database stays whole; a job
/// that meets this records only its small failed status, never the large result that did not fit.
/// </summary>
public static class DataFolderSpace
{
    private const int SqliteFull = 13;
    private const int Enospc = 28;
    private const int WindowsDiskFull = unchecked((int)0x80070070);

    public static bool IsFull(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteErrorCode: SqliteFull }) return true;
            if (e is IOException { HResult: Enospc or WindowsDiskFull }) return true;
        }
        return false;
    }

    public static string Reason(DashboardPaths paths)
    {
        long? free = null;
        try { free = new DriveInfo(paths.DataFolder).AvailableFreeSpace; }
        catch (IOException) { }
        var left = free is { } f ? $" ({ByteSize.Format(f)} free)" : "";
        return $"no space left on device in the data folder {paths.DataFolder}{left}: free some space there and run it again";
    }
}
