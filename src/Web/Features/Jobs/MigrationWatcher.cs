using System.Diagnostics;
using System.Text.Json;
using Web.Data;
using Web.Features.Shared;

namespace Web.Features.Jobs;

/// <summary>
/// Keeps one migration's snapshot current for a page: pushed updates from this instance's feed, plus a read of the
/// database every second, because the work may run on another app instance. Also keeps the throughput samples and
/// the failure list. Shared by the job page and the read-only share page.
/// </summary>
public sealed class MigrationWatcher(MigrationService migrations, ProgressFeed<MigrationSnapshot> feed) : IDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<double> _rates = [];
    private long _firstBytes = -1;
    private (double Seconds, long Bytes)? _lastSample;
    private IDisposable? _subscription;
    private Timer? _poll;
    private Func<Func<Task>, Task> _dispatch = f => f();
    private Action _changed = () => { };
    private Func<Task<bool>>? _stillAllowed;

    public int Id { get; private set; }
    public MigrationSnapshot? Snapshot { get; private set; }
    public bool Missing { get; private set; }
    public IReadOnlyList<string> Failures { get; private set; } = [];
    /// <summary>MiB/s for each second watched, the last five minutes.</summary>
    public IReadOnlyList<double> Rates => _rates;

    /// <summary>Rate over what this page has watched; ETA from the unique bytes still to go.</summary>
    public string RateText
    {
        get
        {
            if (Snapshot is null || _firstBytes < 0 || _clock.Elapsed.TotalSeconds < 1) return "—";
            var rate = (Snapshot.BytesDone - _firstBytes) / _clock.Elapsed.TotalSeconds;
            if (rate <= 0 || Snapshot.Status != JobStatus.Running) return "—";
            var eta = TimeSpan.FromSeconds(Math.Max(0, Snapshot.BytesTotal - Snapshot.BytesDone) / rate);
            return $"{rate / (1 << 20):0.0} MiB/s · {eta:hh\\:mm\\:ss}";
        }
    }

    /// <param name="dispatch">The component's InvokeAsync, so updates run on its renderer.</param>
    /// <param name="changed">The component's StateHasChanged.</param>
    /// <param name="stillAllowed">Checked on each poll; when it turns false the watcher shows the migration as missing
    /// and stops (a share link revoked while someone watches).</param>
    public async Task StartAsync(int id, Func<Func<Task>, Task> dispatch, Action changed, Func<Task<bool>>? stillAllowed = null)
    {
        StopWatching();
        (Id, _dispatch, _changed, _stillAllowed) = (id, dispatch, changed, stillAllowed);
        _subscription = feed.Subscribe($"migration:{id}", s => _dispatch(async () => { await ApplyAsync(s); _changed(); }));
        await RefreshAsync();
        _poll = new Timer(_ => _dispatch(RefreshAsync), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public void ClearFailures() => Failures = [];

    private async Task RefreshAsync()
    {
        if (_stillAllowed is not null && !await _stillAllowed())
        {
            (Snapshot, Missing) = (null, true);
            StopWatching();
        }
        else
        {
            var snapshot = await migrations.SnapshotAsync(Id);
            Missing = snapshot is null;
            if (snapshot is not null) await ApplyAsync(snapshot);
        }
        _changed();
    }

    private async Task ApplyAsync(MigrationSnapshot snapshot)
    {
        var finishedNow = Snapshot?.Status != snapshot.Status && snapshot.Status is JobStatus.Succeeded or JobStatus.Failed;
        Snapshot = snapshot;
        Sample(snapshot);
        if (finishedNow || (Failures.Count == 0 && snapshot.ImagesFailed > 0)) Failures = await FailuresAsync();
    }

    private void Sample(MigrationSnapshot snapshot)
    {
        if (_firstBytes < 0) _firstBytes = snapshot.BytesDone;
        var now = _clock.Elapsed.TotalSeconds;
        if (snapshot.Status != JobStatus.Running || (_lastSample is { } recent && now - recent.Seconds < 1)) return;
        if (_lastSample is { } last) _rates.Add(Math.Max(0, snapshot.BytesDone - last.Bytes) / (now - last.Seconds) / (1 << 20));
        if (_rates.Count > 300) _rates.RemoveAt(0);
        _lastSample = (now, snapshot.BytesDone);
    }

    private async Task<IReadOnlyList<string>> FailuresAsync()
    {
        var report = await migrations.ReportAsync(Id);
        if (report is null) return [];
        using var json = JsonDocument.Parse(report);
        var errors = json.RootElement.GetProperty("images").EnumerateArray()
            .Select(i => i.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null).OfType<string>().ToList();
        if (json.RootElement.TryGetProperty("verification", out var v) && v.ValueKind == JsonValueKind.Object)
            errors.AddRange(v.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("detail").GetString()).OfType<string>());
        return errors;
    }

    private void StopWatching()
    {
        _subscription?.Dispose();
        _poll?.Dispose();
        (_subscription, _poll) = (null, null);
    }

    public void Dispose() => StopWatching();
}
