using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Web.Data;

namespace Web.Features.ShareLinks;

public partial class ShareLinksPanel
{
    [Inject] private ShareLinkService ShareLinks { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private IJSRuntime Js { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;

    [Parameter, EditorRequired] public int MigrationId { get; set; }

    private string? _newUrl;
    private string? _copyResult;
    private IReadOnlyList<ShareLinkEntity> _links = [];
    private int? _listed;

    // Once per migration shown, not on every render of the page around it (a running migration's page renders often).
    protected override async Task OnParametersSetAsync()
    {
        if (_listed == MigrationId) return;
        (_listed, _newUrl, _copyResult) = (MigrationId, null, null);
        _links = await ShareLinks.ListAsync(MigrationId);
    }

    /// <summary>Makes a new link and shows it (this once) with its Copy button.</summary>
    public async Task CreateAsync()
    {
        var (_, token) = await ShareLinks.CreateAsync(MigrationId);
        (_newUrl, _copyResult) = (Navigation.ToAbsoluteUri($"share/{token}").ToString(), null);
        _links = await ShareLinks.ListAsync(MigrationId);
        StateHasChanged();
    }

    private async Task CopyAsync()
    {
        try
        {
            await Js.InvokeVoidAsync("navigator.clipboard.writeText", _newUrl);
            _copyResult = "Copied.";
        }
        // Browsers give pages the clipboard only over HTTPS or on localhost, and only when allowed: plain HTTP on a
        // server's address has no navigator.clipboard at all.
        catch (JSException)
        {
            _copyResult = "This browser did not let the page copy: select the link and copy it yourself.";
        }
    }

    private async Task RevokeAsync(ShareLinkEntity link)
    {
        var dialog = await Dialogs.ShowAsync<RevokeShareLinkDialog>("Revoke share link?",
            new DialogParameters<RevokeShareLinkDialog> { { d => d.LinkId, link.Id } });
        if (await dialog.Result is not { Canceled: false }) return;
        await ShareLinks.RevokeAsync(link.Id);
        _links = await ShareLinks.ListAsync(MigrationId);
    }
}
