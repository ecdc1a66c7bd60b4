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

    private async Task AddAsync()
    {
        var dialog = await Dialogs.ShowAsync<ConnectionDialog>("Add connection");
        var result = await dialog.Result;
        if (result is { Canceled: false }) await LoadAsync();
    }

    private async Task DeleteAsync(ConnectionSummary connection)
    {
        await Connections.DeleteAsync(connection.Id);
        await LoadAsync();
    }

    private async Task TestAsync(ConnectionSummary connection)
    {
        _test = (connection.Name, new ConnectionTestResult(true, ["testing…"]));
        StateHasChanged();
        _test = (connection.Name, await Tester.TestAsync(connection.Id));
    }
}
