using Microsoft.AspNetCore.Components;
using Web.Data;
using Web.Features.ShareLinks;

namespace Web.Features.Migrations;

public partial class MigrationPage
{
    [Inject] private MigrationService Migrations { get; set; } = null!;
    [Inject] private MigrationWatcher Watch { get; set; } = null!;
    [Inject] private ShareLinkService ShareLinks { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Parameter] public int Id { get; set; }

    private string? _newShareUrl;
    private IReadOnlyList<ShareLinkEntity> _shareLinks = [];

    protected override async Task OnParametersSetAsync()
    {
        await Watch.StartAsync(Id, InvokeAsync, StateHasChanged);
        _shareLinks = await ShareLinks.ListAsync(Id);
    }

    private async Task ShareAsync()
    {
        var (_, token) = await ShareLinks.CreateAsync(Id);
        _newShareUrl = Navigation.ToAbsoluteUri($"share/{token}").ToString();
        _shareLinks = await ShareLinks.ListAsync(Id);
    }

    private async Task RevokeAsync(int linkId)
    {
        await ShareLinks.RevokeAsync(linkId);
        _shareLinks = await ShareLinks.ListAsync(Id);
    }

    private async Task CancelAsync() => await Migrations.CancelAsync(Id);

    private async Task RetryAsync()
    {
        Watch.ClearFailures();
        await Migrations.RetryFailedAsync(Id);
    }

    public void Dispose() => Watch.Dispose();
}
