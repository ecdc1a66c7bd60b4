using Microsoft.AspNetCore.Components;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Shared;

namespace Web.Features.Inventory;

public partial class InventoryPage
{
    [Inject] private ScanService Scans { get; set; } = null!;
    [Inject] private ConnectionService Connections { get; set; } = null!;
    [Inject] private ProgressFeed<ScanUpdate> Feed { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Parameter] public int? ScanId { get; set; }

    private IReadOnlyList<ConnectionSummary> _sources = [];
    private IReadOnlyList<ScanEntity> _scans = [];
    private ScanEntity? _scan;
    private IDisposable? _subscription;
    private int? _sourceId;
    private bool _deep;
    private bool _loaded;
    private string? _error;

    private double Percent => _scan is { RepositoriesTotal: > 0 } s ? 100.0 * s.RepositoriesDone / s.RepositoriesTotal : 0;

    protected override async Task OnParametersSetAsync()
    {
        _subscription?.Dispose();
        _scan = null;
        try
        {
            _sources = (await Connections.ListAsync()).Where(c => c.Role == ConnectionRole.Source).ToList();
            _sourceId ??= _sources.FirstOrDefault()?.Id;
            _scans = await Scans.ListAsync();
            // The Inventory link opens the newest scan: after scanning, people come back for its result, not a list.
            if ((ScanId ?? _scans.FirstOrDefault()?.Id) is { } id) await LoadScanAsync(id);
            _error = null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            _error = $"Could not read the scans: {ex.Message}";
        }
        _loaded = true;
    }

    private async Task LoadScanAsync(int id)
    {
        var found = await Scans.GetAsync(id);
        if (found is null)
        {
            _error = $"Scan {id} does not exist.";
            return;
        }
        _scan = found;
        if (_scan.Status is JobStatus.Queued or JobStatus.Running)
            _subscription = Feed.Subscribe($"scan:{id}", update => InvokeAsync(() => OnUpdateAsync(update)));
    }

    private async Task OnUpdateAsync(ScanUpdate update)
    {
        if (_scan is null) return;
        if (update.Status is JobStatus.Succeeded or JobStatus.Failed)
        {
            _subscription?.Dispose();
            await LoadScanAsync(update.ScanId);
        }
        else
        {
            _scan.Status = update.Status;
            _scan.RepositoriesDone = update.RepositoriesDone;
            _scan.RepositoriesTotal = update.RepositoriesTotal;
        }
        StateHasChanged();
    }

    private async Task StartScanAsync()
    {
        if (_sourceId is not { } source) return;
        try
        {
            var id = await Scans.StartAsync(source, _deep);
            Navigation.NavigateTo($"inventory/{id}");
        }
        catch (ArgumentException ex)
        {
            _error = ex.Message;
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
