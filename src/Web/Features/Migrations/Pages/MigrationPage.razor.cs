using Microsoft.AspNetCore.Components;
using Web.Features.ShareLinks;

namespace Web.Features.Migrations;

public partial class MigrationPage
{
    [Inject] private MigrationService Migrations { get; set; } = null!;
    [Inject] private MigrationWatcher Watch { get; set; } = null!;

    [Parameter] public int Id { get; set; }

    private ShareLinksPanel _sharing = null!;

    protected override async Task OnParametersSetAsync() => await Watch.StartAsync(Id, InvokeAsync, StateHasChanged);

    private async Task CancelAsync() => await Migrations.CancelAsync(Id);

    private async Task RetryAsync()
    {
        Watch.ClearFailures();
        await Migrations.RetryFailedAsync(Id);
    }

    public void Dispose() => Watch.Dispose();
}
