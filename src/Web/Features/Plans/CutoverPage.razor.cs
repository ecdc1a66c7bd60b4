using Microsoft.AspNetCore.Components;
using Web.Data;

namespace Web.Features.Plans;

public partial class CutoverPage : PlanPageBase
{
    [Inject] private CutoverService Cutover { get; set; } = null!;

    private PlanView? _plan;
    private RunView? _last;
    private CutoverRecord? _record;
    private FreezeCheck? _freeze;
    private DeltaPreview? _preview;
    private IReadOnlyList<string> _open = [];
    private bool _frozenConfirmed, _confirmDeletions;

    private bool IsRunning => _last?.Status is JobStatus.Queued or JobStatus.Running;

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        if (await Plans.GetAsync(Id) is not { } plan)
        {
            Error = $"plan {Id} does not exist";
            return;
        }
        _plan = PlanView.From(plan);
        _last = (await Plans.RunsAsync(Id)).Select(RunView.From).FirstOrDefault();
        _record = await Cutover.RecordAsync(Id);
    }

    private Task CheckFreezeAsync() => DoAsync(async () => _freeze = await Cutover.CheckFreezeAsync(Id));

    private Task CheckDeltaAsync() => DoAsync(async () => _preview = await Plans.PreviewDeltaAsync(Id));

    private Task RunFinalAsync() => DoAsync(async () =>
    {
        await Plans.StartRunAsync(Id, _confirmDeletions, await WhoAsync());
        await LoadAsync();
    });

    private Task FinishAsync() => DoAsync(async () =>
    {
        var (record, open) = await Cutover.FinishAsync(Id, _frozenConfirmed, await WhoAsync());
        (_record, _open) = (record, open);
        await LoadAsync();
    });
}
