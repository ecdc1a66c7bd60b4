using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Migration.Engine.Inventory;
using Web.Data;

namespace Web.Features.Inventory;

/// <summary>
/// Streams a scan into its rows (<see cref="ScanImageEntity"/> and friends) as the scanner hands over each repository.
/// Rows wait in a small buffer and go in with plain prepared statements, <see cref="RowsPerCommit"/> to a transaction:
/// EF's change tracker would hold every row of a million-tag scan, and a transaction left open while the scanner waits
/// on the disk would hold the database's write lock the whole time, so every other write (progress, a sign-in, an
/// API token's last use) would wait for it and give up after 30 s.
/// </summary>
public sealed class InventoryRowWriter : IAsyncDisposable
{
    private const int RowsPerCommit = 5_000;

    private readonly DashboardDbContext _db;
    private readonly SqliteConnection _connection;
    private readonly int _scanId;
    private readonly Dictionary<string, SqliteCommand> _commands = [];
    private readonly List<ScanRepositoryEntity> _repositories = [];
    private readonly List<ScanImageEntity> _images = [];
    private int _position;

    private InventoryRowWriter(DashboardDbContext db, int scanId)
    {
        (_db, _scanId) = (db, scanId);
        _connection = (SqliteConnection)db.Database.GetDbConnection();
    }

    /// <summary>Opens a writer for the scan, first removing any rows an earlier, interrupted run left.</summary>
    public static async Task<InventoryRowWriter> OpenAsync(IDbContextFactory<DashboardDbContext> databases, int scanId, CancellationToken cancellationToken)
    {
        var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await DeleteRowsAsync(db, [scanId], cancellationToken);
        return new InventoryRowWriter(db, scanId);
    }

    public static async Task DeleteRowsAsync(DashboardDbContext db, IReadOnlyCollection<int> scanIds, CancellationToken cancellationToken)
    {
        await db.ScanImages.Where(i => scanIds.Contains(i.ScanId)).ExecuteDeleteAsync(cancellationToken);
        await db.ScanRepositories.Where(r => scanIds.Contains(r.ScanId)).ExecuteDeleteAsync(cancellationToken);
        await db.ScanBlobs.Where(b => scanIds.Contains(b.ScanId)).ExecuteDeleteAsync(cancellationToken);
        await db.ScanProblems.Where(p => scanIds.Contains(p.ScanId)).ExecuteDeleteAsync(cancellationToken);
    }

    public async ValueTask AddAsync(InventoryRepository repository, CancellationToken cancellationToken)
    {
        _repositories.Add(new ScanRepositoryEntity
        {
            ScanId = _scanId, Name = repository.Name, Tags = repository.Tags.Count, Untagged = repository.Untagged.Count,
            Size = repository.Tags.Concat(repository.Untagged).DistinctBy(i => i.Digest).Sum(i => i.Size), Problems = repository.Problems.Count,
        });
        foreach (var row in InventoryRows.Of(repository))
        {
            row.Position = _position++;
            _images.Add(row);
        }
        if (_repositories.Count + _images.Count >= RowsPerCommit) await FlushAsync(cancellationToken);
    }

    /// <summary>Writes what is buffered, then the distinct blobs and every problem, each a short transaction at a time.</summary>
    public Task FinishAsync(InventorySummary summary, CancellationToken cancellationToken) =>
        FinishAsync(summary.Blobs.Sorted(), summary.Problems, cancellationToken);

    public async Task FinishAsync(IEnumerable<InventoryBlob> blobs, IEnumerable<InventoryProblem> problems, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        var insertBlob = Command("INSERT INTO ScanBlobs (ScanId, Digest, Size, Repositories) VALUES ($s, $digest, $size, $repositories)",
            "$s", "$digest", "$size", "$repositories");
        await InTransactionsAsync(blobs, (t, blob) => Run(insertBlob, t, _scanId, blob.Digest, blob.Size, blob.Repositories), cancellationToken);
        var insertProblem = Command("INSERT INTO ScanProblems (ScanId, Code, Repository, Reference, Message) VALUES ($s, $code, $repository, $reference, $message)",
            "$s", "$code", "$repository", "$reference", "$message");
        await InTransactionsAsync(problems, (t, p) => Run(insertProblem, t, _scanId, p.Code, p.Repository, p.Reference, p.Message), cancellationToken);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var insertRepository = Command("INSERT INTO ScanRepositories (ScanId, Name, Tags, Untagged, Size, Problems) VALUES ($s, $name, $tags, $untagged, $size, $problems)",
            "$s", "$name", "$tags", "$untagged", "$size", "$problems");
        var insertImage = Command("""
            INSERT INTO ScanImages (ScanId, Position, Repository, Tag, Depth, Digest, MediaType, Kind, Role, Platforms, Size, PushedAt, Problems, Attached, Subject, ArtifactType, ConvertedFrom)
            VALUES ($s, $position, $repository, $tag, $depth, $digest, $mediaType, $kind, $role, $platforms, $size, $pushedAt, $problems, $attached, $subject, $artifactType, $convertedFrom)
            """, "$s", "$position", "$repository", "$tag", "$depth", "$digest", "$mediaType", "$kind", "$role", "$platforms", "$size", "$pushedAt",
            "$problems", "$attached", "$subject", "$artifactType", "$convertedFrom");
        await using (var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken))
        {
            foreach (var r in _repositories) Run(insertRepository, transaction, _scanId, r.Name, r.Tags, r.Untagged, r.Size, r.Problems);
            foreach (var row in _images)
            {
                Run(insertImage, transaction, _scanId, row.Position, row.Repository, row.Tag, row.Depth, row.Digest, row.MediaType, row.Kind, row.Role,
                    row.Platforms, row.Size, row.PushedAt?.UtcDateTime, row.Problems, row.Attached, row.Subject, row.ArtifactType, row.ConvertedFrom);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        _repositories.Clear();
        _images.Clear();
    }

    // The rows come from memory, so no transaction waits on anything but SQLite.
    private async Task InTransactionsAsync<T>(IEnumerable<T> rows, Action<SqliteTransaction, T> insert, CancellationToken cancellationToken)
    {
        using var each = rows.GetEnumerator();
        var more = each.MoveNext();
        while (more)
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
            for (var n = 0; more && n < RowsPerCommit; n++, more = each.MoveNext()) insert(transaction, each.Current);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private SqliteCommand Command(string sql, params string[] names)
    {
        if (_commands.TryGetValue(sql, out var prepared)) return prepared;
        var command = _commands[sql] = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    private static void Run(SqliteCommand command, SqliteTransaction transaction, params object?[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values) await command.DisposeAsync();
        await _db.DisposeAsync();
    }
}
