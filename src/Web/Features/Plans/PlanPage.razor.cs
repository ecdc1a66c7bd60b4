using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Migration.Engine.Registry;
using Migration.Engine.Run;
using Migration.Engine.Sources;
using Web.Data;

namespace Web.Features.Plans;

public partial class PlanPage
{
    [Parameter] public int Id { get; set; }

    [Inject] private PlanService Plans { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private AuthenticationStateProvider Authentication { get; set; } = null!;

    private PlanView? _plan;
    private IReadOnlyList<RunView> _runs = [];
    private RunView? _active;
    private DeltaPreview? _preview;
    private string? _cron, _error;
    private bool _busy, _confirmDeletions;

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
            _error = $"plan {Id} does not exist";
            return;
        }
        _plan = PlanView.From(plan);
        _runs = (await Plans.RunsAsync(Id)).Select(RunView.From).ToList();
        _active = _runs.FirstOrDefault(r => r.Status is JobStatus.Queued or JobStatus.Running);
    }

    private Task PreviewAsync() => DoAsync(async () => _preview = await Plans.PreviewDeltaAsync(Id));

    private Task RunAsync() => DoAsync(async () =>
    {
        var who = (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name;
        var run = await Plans.StartRunAsync(Id, _confirmDeletions, who);
        Navigation.NavigateTo($"jobs/{run}");
    });

    private Task SaveScheduleAsync() => DoAsync(async () =>
    {
        await Plans.SetScheduleAsync(Id, _cron);
        await LoadAsync();
    });

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
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }
}
