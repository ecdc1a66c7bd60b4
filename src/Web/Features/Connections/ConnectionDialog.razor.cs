using Microsoft.AspNetCore.Components;
using MudBlazor;
using Migration.Engine.Sources;
using Web.Data;

namespace Web.Features.Connections;

/// <summary>Adds a connection, or edits one (<see cref="Id"/>). Save checks the connection first, as "Test connection"
/// does, so a typo in a path is found while the form is still open; a failed check can be saved anyway, since a
/// registry that is down today is still the one to migrate. Closes with the name and what the check found.</summary>
public partial class ConnectionDialog
{
    [Inject] private ConnectionService Connections { get; set; } = null!;
    [Inject] private ConnectionTester Tester { get; set; } = null!;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = null!;

    /// <summary>The connection to edit; null to add one.</summary>
    [Parameter] public int? Id { get; set; }

    /// <summary>Whether the edited connection has a saved password (its value never comes to the browser).</summary>
    [Parameter] public bool HasPassword { get; set; }

    private ConnectionForm _model = new();
    private MudForm _form = null!;
    private string? _error;
    private bool _checking;
    private ConnectionTestResult? _failedCheck;

    // Object storage: the user and password are the bucket's keys, encrypted like every other secret.
    private bool IsBucket => _objectStorage && _model.Role == ConnectionRole.Source;
    private bool _objectStorage;
    private BucketForm _bucket = new();

    protected override async Task OnInitializedAsync()
    {
        if (Id is not { } id) return;
        _model = await Connections.GetFormAsync(id);
        if (!S3Location.IsS3(_model.Location)) return;
        var bucket = S3Location.Parse(_model.Location);
        _objectStorage = true;
        _bucket = new BucketForm
        {
            BucketAndPrefix = bucket.Prefix.Length == 0 ? bucket.Bucket : $"{bucket.Bucket}/{bucket.Prefix}",
            Endpoint = bucket.Endpoint?.ToString(), Region = bucket.Region, PathStyle = bucket.PathStyle,
        };
    }

    private async Task CheckAndSaveAsync()
    {
        if (!await ValidateAsync()) return;
        _checking = true;
        _failedCheck = null;
        try
        {
            var (entity, registry) = await Connections.OpenDraftAsync(_model, Id);
            var check = await Tester.TestAsync(entity, registry);
            if (check.Ok) await SaveAsync(check);
            else _failedCheck = check;
        }
        catch (ArgumentException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _checking = false;
        }
    }

    private async Task SaveAnywayAsync()
    {
        if (await ValidateAsync()) await SaveAsync(_failedCheck ?? new ConnectionTestResult(false, [], "not checked"));
    }

    private async Task<bool> ValidateAsync()
    {
        _error = null;
        if (IsBucket) _model.Location = _bucket.ToLocation();
        await _form.ValidateAsync();
        return _form.IsValid;
    }

    private async Task SaveAsync(ConnectionTestResult check)
    {
        try
        {
            var saved = Id is { } id ? await Connections.UpdateAsync(id, _model) : await Connections.AddAsync(_model);
            Dialog.Close(DialogResult.Ok(new SavedConnection(saved.Name, check)));
        }
        catch (ArgumentException ex)
        {
            _error = ex.Message;
        }
    }
}
