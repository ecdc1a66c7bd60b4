using MudBlazor;

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
        var dialog = await Dialogs.ShowAsync<DeleteConnectionDialog>($"Delete {connection.Name}?",
            new DialogParameters<DeleteConnectionDialog> { { d => d.Name, connection.Name } });
        if (await dialog.Result is not { Canceled: false }) return;
        await Connections.DeleteAsync(connection.Id);
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
