using Migration.Engine;
using Migration.Engine.Harbor;
using Migration.Engine.Plan;
using Migration.Engine.Run;

namespace Migration.Cli.Commands;

/// <summary>
/// <c>migrate --since-report FILE [--mirror-deletions [--confirm-deletions]]</c>: a run compared with an earlier run's
/// report. The changes are printed as the source is read, before each batch is copied; deletions are listed at the
/// end and carried out only when confirmed.
/// </summary>
internal sealed class SyncArguments
{
    public static readonly CliOptionGroup Options = new("sync", [
        new("--since-report", "FILE", "print what changed since the run that wrote this --report, then copy it"),
        CliOption.Flag("--mirror-deletions", "list the tags deleted on the source for deletion on the target"),
        CliOption.Flag("--confirm-deletions", "with --mirror-deletions and --harbor: delete them"),
    ]);

    // Enough lines to read a small change in full; a huge one is summed up at the end.
    private const int LinesShown = 200;

    private readonly SyncDeltaBuilder? _builder;
    private readonly bool _mirror;
    private readonly bool _confirmed;
    private int _shown;

    private SyncArguments(SyncDeltaBuilder? builder, bool mirror, bool confirmed) => (_builder, _mirror, _confirmed) = (builder, mirror, confirmed);

    public static SyncArguments From(CliArguments args)
    {
        var file = args.Value("--since-report");
        var mirror = args.Flag("--mirror-deletions");
        var confirmed = args.Flag("--confirm-deletions");
        if (file is null && mirror) throw new UsageException("--mirror-deletions needs --since-report: deletions are found against an earlier run");
        if (confirmed && !mirror) throw new UsageException("--confirm-deletions confirms --mirror-deletions; give both");
        if (file is null) return new SyncArguments(null, false, false);
        var previous = ReadReport(file);
        try
        {
            return new SyncArguments(new SyncDeltaBuilder(previous, pendingDeletions: mirror), mirror, confirmed);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--since-report {file}: {ex.Message}");
        }
    }

    public bool IsSync => _builder is not null;

    /// <summary>Compares one selected batch with the earlier run and prints what changed in it.</summary>
    public void Observe(IReadOnlyList<MigrationItem> batch)
    {
        if (_builder is null) return;
        foreach (var change in _builder.Observe(batch)) Show(change);
    }

    /// <summary>The whole delta, its deletions printed; with the deletions mirrored and confirmed, carried out.</summary>
    public async Task<(SyncDelta? Delta, IReadOnlyList<TagDeletion> Deletions)> FinishAsync(HarborClient? harbor, bool dryRun,
        CancellationToken cancellationToken)
    {
        if (_builder is null) return (null, []);
        var delta = _builder.Build();
        foreach (var deleted in delta.Of(ChangeKind.Deleted)) Show(deleted);
        if (_shown > LinesShown) Console.WriteLine($"  … and {_shown - LinesShown} more changes (all of them are in --report)");
        Console.WriteLine($"since {delta.Since:yyyy-MM-dd HH:mm:ss}Z: {delta.Summary()}");
        if (delta.Deleted == 0) return (delta, []);
        if (!_mirror)
        {
            Console.WriteLine($"  {delta.Deleted} tags deleted on the source stay on the target (--mirror-deletions deletes them there)");
            return (delta, []);
        }
        if (!_confirmed || dryRun)
        {
            Console.WriteLine($"  {delta.Deleted} tags would be deleted on the target; nothing was deleted" +
                              (dryRun ? " (dry run)" : ": run again with --confirm-deletions to delete them"));
            return (delta, []);
        }
        var deletions = await new TagDeleter(harbor).DeleteAsync(delta.Changes, cancellationToken);
        Console.WriteLine($"  deleted on the target: {deletions.Count(d => d.Deleted)} of {deletions.Count} tags");
        foreach (var failed in deletions.Where(d => !d.Deleted)) Console.WriteLine($"  failed: {failed.Error}");
        return (delta, deletions);
    }

    private void Show(SourceChange change)
    {
        if (++_shown <= LinesShown) Console.WriteLine($"  {change.Describe()}");
    }

    private static MigrationReport ReadReport(string file)
    {
        try
        {
            return EngineJson.ReadFile<MigrationReport>(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            throw new UsageException($"--since-report {file}: cannot read it as a migration report: {ex.Message}");
        }
    }
}
