using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Web.Data;
using Web.Features.Shared;

namespace Web.Features.Jobs;

public partial class JobPage
{
    [Inject] private MigrationService Migrations { get; set; } = null!;
    [Inject] private ProgressFeed<MigrationSnapshot> Feed { get; set; } = null!;

    [Parameter] public int Id { get; set; }

    private MigrationSnapshot? _snapshot;
    private IReadOnlyList<string> _failures = [];
    private bool _missing;
    private IDisposable? _subscription;
    private Timer? _poll;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _firstBytes = -1;
    // MiB/s per second watched, for the throughput chart (the last five minutes).
    private readonly List<double> _rates = [];
    private (double Seconds, long Bytes)? _lastSample;

    private string[] RateLabels => _rates.Select(_ => "").ToArray();

    private List<MudBlazor.ChartSeries<double>> RateSeries => [new() { Name = "MiB/s", Data = new MudBlazor.ChartData<double>(_rates.ToArray()) }];

    private double Percent => _snapshot is { ImagesTotal: > 0 } s ? 100.0 * s.ImagesDone / s.ImagesTotal : 0;

    private Color StatusColor => _snapshot?.Status switch
    {
        JobStatus.Succeeded => Color.Success,
        JobStatus.Failed => Color.Error,
        JobStatus.Cancelled => Color.Warning,
        _ => Color.Info,
    };

    // Rate over what this page has watched; ETA from the unique bytes still to go.
    private string Rate
    {
        get
        {
            if (_snapshot is null || _firstBytes < 0 || _clock.Elapsed.TotalSeconds < 1) return "—";
            var rate = (_snapshot.BytesDone - _firstBytes) / _clock.Elapsed.TotalSeconds;
            if (rate <= 0 || _snapshot.Status != JobStatus.Running) return "—";
            var eta = TimeSpan.FromSeconds(Math.Max(0, _snapshot.BytesTotal - _snapshot.BytesDone) / rate);
            return $"{rate / (1 << 20):0.0} MiB/s · {eta:hh\\:mm\\:ss}";
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        _subscription?.Dispose();
        _subscription = Feed.Subscribe($"migration:{Id}", s => InvokeAsync(() => Apply(s)));
        await RefreshAsync();
        // Work may run on another app instance: the database is the truth, read it every second as well.
        _poll ??= new Timer(_ => InvokeAsync(RefreshAsync), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private async Task RefreshAsync()
    {
        var snapshot = await Migrations.SnapshotAsync(Id);
        _missing = snapshot is null;
        if (snapshot is not null) await ApplyAsync(snapshot);
        StateHasChanged();
    }

    private void Apply(MigrationSnapshot snapshot)
    {
        _snapshot = snapshot;
        if (_firstBytes < 0) _firstBytes = snapshot.BytesDone;
        var now = _clock.Elapsed.TotalSeconds;
        if (snapshot.Status == JobStatus.Running && (_lastSample is null || now - _lastSample.Value.Seconds >= 1))
        {
            if (_lastSample is { } last) _rates.Add(Math.Max(0, snapshot.BytesDone - last.Bytes) / (now - last.Seconds) / (1 << 20));
            if (_rates.Count > 300) _rates.RemoveAt(0);
            _lastSample = (now, snapshot.BytesDone);
        }
        StateHasChanged();
    }

    private async Task ApplyAsync(MigrationSnapshot snapshot)
    {
        var finishedNow = _snapshot?.Status != snapshot.Status && snapshot.Status is JobStatus.Succeeded or JobStatus.Failed;
        Apply(snapshot);
        if (finishedNow || (_failures.Count == 0 && snapshot.ImagesFailed > 0)) _failures = await FailuresAsync();
    }

    private async Task<IReadOnlyList<string>> FailuresAsync()
    {
        var report = await Migrations.ReportAsync(Id);
        if (report is null) return [];
        using var json = JsonDocument.Parse(report);
        var errors = json.RootElement.GetProperty("images").EnumerateArray()
            .Select(i => i.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null).OfType<string>().ToList();
        if (json.RootElement.TryGetProperty("verification", out var v) && v.ValueKind == JsonValueKind.Object)
            errors.AddRange(v.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("detail").GetString()).OfType<string>());
        return errors;
    }

    private async Task CancelAsync() => await Migrations.CancelAsync(Id);

    private async Task RetryAsync()
    {
        _failures = [];
        await Migrations.RetryFailedAsync(Id);
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _poll?.Dispose();
    }
}
