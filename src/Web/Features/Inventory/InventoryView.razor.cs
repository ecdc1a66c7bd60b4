using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Web.Data;

namespace Web.Features.Inventory;

/// <summary>A finished scan: its totals, one page of its rows at a time, and its problems.</summary>
public partial class InventoryView
{
    /// <summary>Problems listed under the grid; the rest are in the downloads.</summary>
    public const int ProblemsShown = 200;

    [Inject] private IJSRuntime JS { get; set; } = null!;
    [Inject] private InventoryQuery Query { get; set; } = null!;

    [Parameter, EditorRequired] public ScanEntity Scan { get; set; } = null!;

    private MudDataGrid<InventoryRow>? _grid;
    private string _search = "";
    private bool _byRepository = true;
    private IReadOnlyList<ScanProblemEntity> _problems = [];
    private int _problemsTotal;
    private IReadOnlyList<string> _harborNames = [];
    private IReadOnlyDictionary<string, ScanRepositoryEntity> _groups = new Dictionary<string, ScanRepositoryEntity>();

    protected override async Task OnParametersSetAsync()
    {
        (_problems, _problemsTotal) = await Query.ProblemsAsync(Scan.Id, ProblemsShown);
        _harborNames = HarborNameProblems.Find(await Query.RepositoryNamesAsync(Scan.Id).ToListAsync());
    }

    private async Task<GridData<InventoryRow>> LoadAsync(GridState<InventoryRow> state, CancellationToken cancellationToken)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var (rows, total) = await Query.PageAsync(Scan.Id,
            new InventoryPageRequest(_search, sort?.SortBy, sort?.Descending ?? false, state.Page, state.PageSize, _byRepository), cancellationToken);
        _groups = _byRepository ? await Query.RepositoriesAsync(Scan.Id, rows.Select(r => r.Repository), cancellationToken) : _groups;
        return new GridData<InventoryRow> { Items = rows.Select(InventoryRow.From).ToList(), TotalItems = total };
    }

    // A group on one page may be part of a repository: the header counts the whole repository.
    private string GroupCounts(string? repository) => repository is not null && _groups.TryGetValue(repository, out var r)
        ? $"({r.Tags} tags{(r.Untagged > 0 ? $", {r.Untagged} untagged" : "")})" : "";

    private async Task SearchAsync(string? value)
    {
        _search = value ?? "";
        if (_grid is not null) await _grid.ReloadServerData();
    }

    private async Task GroupAsync(bool value)
    {
        _byRepository = value;
        if (_grid is not null) await _grid.ReloadServerData();
    }

    private async Task CopyAsync(string digest) => await JS.InvokeVoidAsync("navigator.clipboard.writeText", digest);

    private static string Bytes(long bytes) => Migration.Engine.ByteSize.Format(bytes);
}
