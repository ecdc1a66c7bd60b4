using Microsoft.AspNetCore.Components;
using MudBlazor;
using Web.Data;
using Web.Features.Shared;

namespace Web.Features.Plans;

public partial class PlanPage : PlanPageBase
{
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;

    private PlanView? _plan;
    private IReadOnlyList<RunView> _runs = [];
    private RunView? _active;
    private DeltaPreview? _preview;
    private string? _cron;
    private bool _confirmDeletions;

    private int DeletionsToConfirm => _plan is { MirrorDeletions: true } && _preview?.Delta is { } delta ? delta.Deleted : 0;

    private string CronHelp => string.IsNullOrWhiteSpace(_cron) ? "empty: no schedule"
        : CronText.Check(_cron.Trim()) ?? $"{CronText.Describe(_cron.Trim())}; next {CronText.Next(_cron.Trim(), DateTimeOffset.UtcNow, 1).FirstOrDefault():HH:mm:ss} UTC";

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        _cron = _plan?.Schedule;
    }

    private async Task LoadAsync()
    {
        if (await Plans.GetAsync(Id) is not { } plan)
        {
            Error = $"plan {Id} does not exist";
            return;
        }
        _plan = PlanView.From(plan);
        _runs = (await Plans.RunsAsync(Id)).Select(RunView.From).ToList();
        _active = _runs.FirstOrDefault(r => r.Status is JobStatus.Queued or JobStatus.Running);
    }

    private async Task DeleteAsync()
    {
        var kept = "Its runs stay under Migrations, with their reports.";
        var dialog = await Dialogs.ShowAsync<ConfirmDeleteDialog>($"Delete {_plan!.Name}?", new DialogParameters<ConfirmDeleteDialog>
        {
            { d => d.What, "the plan" }, { d => d.Name, _plan.Name },
            { d => d.Consequence, _plan.CutoverAt is null ? $"Its schedule goes with it. {kept}" : $"Its schedule and its cutover record go with it: download the record first. {kept}" },
        });
        if (await dialog.Result is not { Canceled: false }) return;
        await DoAsync(async () =>
        {
            await Plans.DeleteAsync(Id);
            Navigation.NavigateTo("plans");
        });
    }

    private Task PreviewAsync() => DoAsync(async () => _preview = await Plans.PreviewDeltaAsync(Id));

    private Task RunAsync() => DoAsync(async () =>
    {
        var run = await Plans.StartRunAsync(Id, _confirmDeletions, await WhoAsync());
        Navigation.NavigateTo($"jobs/{run}");
    });

    private Task SaveScheduleAsync() => DoAsync(async () =>
    {
        await Plans.SetScheduleAsync(Id, _cron);
        await LoadAsync();
    });

    protected override Task AfterFailureAsync() => LoadAsync();
}
