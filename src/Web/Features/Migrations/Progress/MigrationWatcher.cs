using System.Diagnostics;
using Migration.Engine.Run;
using Web.Data;
using Web.Features.Shared;

namespace Web.Features.Migrations;

/// <summary>
/// Keeps one migration's snapshot current for a page: the snapshot once when the page opens, then every update the
/// feed pushes (from this instance's jobs, or relayed from the database when the jobs run on other instances). It
/// never polls the database for numbers. Also keeps the rate chart's samples and the failure list. Shared by the job
/// page and the read-only share page.
/// </summary>
public sealed class MigrationWatcher(MigrationService migrations, ProgressFeed<MigrationSnapshot> feed) : IDisposable
{
    private const double MiB = 1 << 20;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<RateSample> _rates = [];
    private (double Seconds, long Bytes)? _lastSample;
    private IDisposable? _subscription;
    private Timer? _accessCheck;
    private Func<Func<Task>, Task> _dispatch = f => f();
    private Action _changed = () => { };

    public int Id { get; private set; }
    public MigrationSnapshot? Snapshot { get; private set; }
    public bool Missing { get; private set; }
    public IReadOnlyList<string> Failures { get; private set; } = [];
    /// <summary>The finished migration's report (its summary and verification figures); null until it finishes.</summary>
    public MigrationReport? Report { get; private set; }
    /// <summary>Images converted from schema1 on the way: "repository:tag old → new", from the finished report.</summary>
    public IReadOnlyList<string> Conversions { get; private set; } = [];
    /// <summary>The rate for each second watched, the last five minutes, with the cap at the time.</summary>
    public IReadOnlyList<RateSample> Rates => _rates;

    /// <param name="dispatch">The component's InvokeAsync, so updates run on its renderer.</param>
    /// <param name="changed">The component's StateHasChanged.</param>
    /// <param name="stillAllowed">Checked every second; when it turns false the watcher shows the migration as missing
    /// and stops (a share link revoked while someone watches).</param>
    public async Task StartAsync(int id, Func<Func<Task>, Task> dispatch, Action changed, Func<Task<bool>>? stillAllowed = null)
    {
        StopWatching();
        (Id, _dispatch, _changed) = (id, dispatch, changed);
        _subscription = feed.Subscribe(MigrationPublisher.Key(id), s => _dispatch(async () => { await ApplyAsync(s); _changed(); }));
        var snapshot = await migrations.SnapshotAsync(id);
        Missing = snapshot is null;
        if (snapshot is not null) await ApplyAsync(snapshot);
        if (stillAllowed is not null)
            _accessCheck = new Timer(_ => _dispatch(() => CheckAccessAsync(stillAllowed)), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public void ClearFailures() => Failures = [];

    private async Task CheckAccessAsync(Func<Task<bool>> stillAllowed)
    {
        if (await stillAllowed()) return;
        (Snapshot, Missing) = (null, true);
        StopWatching();
        _changed();
    }

    private async Task ApplyAsync(MigrationSnapshot snapshot)
    {
        // Stopped (a share link revoked): a push already queued must not bring the numbers back.
        if (_subscription is null) return;
        var finishedNow = Snapshot?.Status != snapshot.Status && snapshot.Status is JobStatus.Succeeded or JobStatus.Failed;
        Snapshot = snapshot;
        Sample(snapshot);
        if (finishedNow || (Failures.Count == 0 && snapshot.ImagesFailed > 0))
        {
            var report = Report = await migrations.ReportAsync(Id);
            Failures = report?.Failures.ToList() ?? [];
            Conversions = report?.Images.Where(i => i.ConvertedFrom is not null)
                .Select(i => $"{i.SourceRepository}:{i.Reference} {i.ConvertedFrom} → {i.Digest}").ToList() ?? [];
        }
    }

    private void Sample(MigrationSnapshot snapshot)
    {
        var now = _clock.Elapsed.TotalSeconds;
        if (snapshot.Status != JobStatus.Running || (_lastSample is { } recent && now - recent.Seconds < 1)) return;
        if (_lastSample is { } last)
        {
            // On the migration's own clock when known, so a page opened late shows where in the run it is.
            var at = snapshot.CreatedAt is { } created ? DateTimeOffset.UtcNow - created : _clock.Elapsed;
            _rates.Add(new RateSample(at, Math.Max(0, snapshot.BytesDone - last.Bytes) / (now - last.Seconds) / MiB, snapshot.MaxBytesPerSecond / MiB));
        }
        if (_rates.Count > 300) _rates.RemoveAt(0);
        _lastSample = (now, snapshot.BytesDone);
    }

    private void StopWatching()
    {
        _subscription?.Dispose();
        _accessCheck?.Dispose();
        (_subscription, _accessCheck) = (null, null);
    }

    public void Dispose() => StopWatching();
}
