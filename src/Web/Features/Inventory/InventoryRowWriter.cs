using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Migration.Engine.Inventory;
using Web.Data;

namespace Web.Features.Inventory;

/// <summary>
/// Streams a scan into its rows (<see cref="ScanImageEntity"/> and friends) as the scanner hands over each repository.
/// Plain prepared statements, committed every <see cref="RowsPerCommit"/> rows: EF's change tracker would hold every
/// row of a million-tag scan until the end, and one transaction that long would keep the progress writes waiting.
/// </summary>
public sealed class InventoryRowWriter : IAsyncDisposable
{
    private const int RowsPerCommit = 5_000;

    private readonly DashboardDbContext _db;
    private readonly SqliteConnection _connection;
    private readonly int _scanId;
    private readonly Dictionary<string, SqliteCommand> _commands = [];
    private SqliteTransaction? _transaction;
    private int _uncommitted, _position;

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
        var insertRepository = Command("INSERT INTO ScanRepositories (ScanId, Name, Tags, Untagged, Size, Problems) VALUES ($s, $name, $tags, $untagged, $size, $problems)",
            "$s", "$name", "$tags", "$untagged", "$size", "$problems");
        var images = repository.Tags.Concat(repository.Untagged).ToList();
        Run(insertRepository, _scanId, repository.Name, repository.Tags.Count, repository.Untagged.Count,
            images.DistinctBy(i => i.Digest).Sum(i => i.Size), repository.Problems.Count);

        var insertImage = Command("""
            INSERT INTO ScanImages (ScanId, Position, Repository, Tag, Depth, Digest, MediaType, Kind, Role, Platforms, Size, PushedAt, Problems, Attached, Subject, ArtifactType, ConvertedFrom)
            VALUES ($s, $position, $repository, $tag, $depth, $digest, $mediaType, $kind, $role, $platforms, $size, $pushedAt, $problems, $attached, $subject, $artifactType, $convertedFrom)
            """, "$s", "$position", "$repository", "$tag", "$depth", "$digest", "$mediaType", "$kind", "$role", "$platforms", "$size", "$pushedAt",
            "$problems", "$attached", "$subject", "$artifactType", "$convertedFrom");
        foreach (var row in InventoryRows.Of(repository))
        {
            Run(insertImage, _scanId, _position++, row.Repository, row.Tag, row.Depth, row.Digest, row.MediaType, row.Kind, row.Role, row.Platforms, row.Size,
                row.PushedAt?.UtcDateTime, row.Problems, row.Attached, row.Subject, row.ArtifactType, row.ConvertedFrom);
        }
        await CommitIfDueAsync(cancellationToken);
    }

    /// <summary>Writes the distinct blobs and every problem, and commits.</summary>
    public Task FinishAsync(InventorySummary summary, CancellationToken cancellationToken) =>
        FinishAsync(summary.Blobs.Sorted(), summary.Problems, cancellationToken);

    public async Task FinishAsync(IEnumerable<InventoryBlob> blobs, IEnumerable<InventoryProblem> problems, CancellationToken cancellationToken)
    {
        var insertBlob = Command("INSERT INTO ScanBlobs (ScanId, Digest, Size, Repositories) VALUES ($s, $digest, $size, $repositories)",
            "$s", "$digest", "$size", "$repositories");
        foreach (var blob in blobs)
        {
            Run(insertBlob, _scanId, blob.Digest, blob.Size, blob.Repositories);
            await CommitIfDueAsync(cancellationToken);
        }
        var insertProblem = Command("INSERT INTO ScanProblems (ScanId, Code, Repository, Reference, Message) VALUES ($s, $code, $repository, $reference, $message)",
            "$s", "$code", "$repository", "$reference", "$message");
        foreach (var problem in problems)
        {
            Run(insertProblem, _scanId, problem.Code, problem.Repository, problem.Reference, problem.Message);
            await CommitIfDueAsync(cancellationToken);
        }
        if (_transaction is not null) await _transaction.CommitAsync(cancellationToken);
        _transaction = null;
    }

    private SqliteCommand Command(string sql, params string[] names)
    {
        if (_commands.TryGetValue(sql, out var prepared)) return prepared;
        _transaction ??= _connection.BeginTransaction();
        var command = _commands[sql] = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private void Run(SqliteCommand command, params object?[] values)
    {
        command.Transaction = _transaction ??= _connection.BeginTransaction();
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
        _uncommitted++;
    }

    private async Task CommitIfDueAsync(CancellationToken cancellationToken)
    {
        if (_uncommitted < RowsPerCommit || _transaction is null) return;
        await _transaction.CommitAsync(cancellationToken);
        await _transaction.DisposeAsync();
        _transaction = null;
        _uncommitted = 0;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values) await command.DisposeAsync();
        if (_transaction is not null) await _transaction.DisposeAsync();
        await _db.DisposeAsync();
    }
}
