using MudBlazor;
using Web.Features.Shared;

namespace Web.Features.Connections;

public partial class ConnectionsPage
{
    private IReadOnlyList<ConnectionSummary>? _items;
    private string? _error;
    private (string Name, ConnectionTestResult Result)? _test;

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            _items = await Connections.ListAsync();
            _error = null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            _error = $"Could not read the saved connections: {ex.Message}";
            _items = [];
        }
    }

    private async Task AddAsync() => await ShowDialogAsync("Add connection", []);

    private async Task EditAsync(ConnectionSummary connection) => await ShowDialogAsync($"Edit {connection.Name}",
        new DialogParameters<ConnectionDialog> { { d => d.Id, connection.Id }, { d => d.HasPassword, connection.HasPassword } });

    private async Task ShowDialogAsync(string title, DialogParameters parameters)
    {
        var dialog = await Dialogs.ShowAsync<ConnectionDialog>(title, parameters);
        if (await dialog.Result is not { Canceled: false, Data: SavedConnection saved }) return;
        // The check made on saving is the test result people would ask for next.
        _test = (saved.Name, saved.Check);
        await LoadAsync();
    }

    private async Task DeleteAsync(ConnectionSummary connection)
    {
        var dialog = await Dialogs.ShowAsync<ConfirmDeleteDialog>($"Delete {connection.Name}?", new DialogParameters<ConfirmDeleteDialog>
        {
            { d => d.What, "the connection" }, { d => d.Name, connection.Name },
            { d => d.Consequence, "Its saved password goes with it. Scans and migrations already made keep their results." },
        });
        if (await dialog.Result is not { Canceled: false }) return;
        try
        {
            await Connections.DeleteAsync(connection.Id);
        }
        catch (ConnectionInUseException ex)
        {
            await LoadAsync();
            _error = $"Not deleted: {ex.Message}.";
            return;
        }
        if (_test?.Name == connection.Name) _test = null;
        await LoadAsync();
    }

    private async Task TestAsync(ConnectionSummary connection)
    {
        _test = (connection.Name, new ConnectionTestResult(true, ["testing…"]));
        StateHasChanged();
        _test = (connection.Name, await Tester.TestAsync(connection.Id));
    }
}
