namespace Web.Data;

/// <summary>
/// Lets one process at a time upgrade the dashboard database: instances sharing a data folder all migrate at start.
/// EF Core's own lock is a row in <c>__EFMigrationsLock</c>, which a killed process leaves behind, and every later start
/// then waits for it forever. This lock is an OS file lock on a file in the data folder, which the kernel releases when
/// its holder dies, so whoever holds it knows any row in <c>__EFMigrationsLock</c> is stale.
/// </summary>
public sealed class SchemaUpgradeLock : IDisposable
{
    private readonly FileStream _file;

    private SchemaUpgradeLock(FileStream file) => _file = file;

    public static async Task<SchemaUpgradeLock> AcquireAsync(string path, ILogger logger, TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + patience;
        var told = false;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive advisory lock on Linux (flock), held while the stream is open.
                return new SchemaUpgradeLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                if (!told) logger.LogInformation("Another instance is upgrading the dashboard database ({Lock}); waiting for it", path);
                told = true;
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
