using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Web.Data;

namespace Web.Features.Plans;

public partial class CutoverPage
{
    [Parameter] public int Id { get; set; }

    [Inject] private PlanService Plans { get; set; } = null!;
    [Inject] private CutoverService Cutover { get; set; } = null!;
    [Inject] private AuthenticationStateProvider Authentication { get; set; } = null!;

    private PlanView? _plan;
    private RunView? _last;
    private CutoverRecord? _record;
    private FreezeCheck? _freeze;
    private DeltaPreview? _preview;
    private IReadOnlyList<string> _open = [];
    private string? _error;
    private bool _busy, _frozenConfirmed, _confirmDeletions;

    private bool IsRunning => _last?.Status is JobStatus.Queued or JobStatus.Running;

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        if (await Plans.GetAsync(Id) is not { } plan)
        {
            _error = $"plan {Id} does not exist";
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

    private async Task<string?> WhoAsync() => (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name;

    private async Task DoAsync(Func<Task> action)
    {
        (_busy, _error) = (true, null);
        try
        {
            await action();
        }
        catch (Exception ex) when (ex is ArgumentException or PlanBusyException or KeyNotFoundException or RegistryException or SourceException or IOException)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }
}
