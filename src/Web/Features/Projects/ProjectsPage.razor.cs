using Microsoft.AspNetCore.Components;
using Migration.Engine.Harbor;
using Migration.Engine.Registry;
using MudBlazor;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Inventory;
using Migration.Engine.Plan;

namespace Web.Features.Projects;

public partial class ProjectsPage
{
    [Inject] private ProjectsService Projects { get; set; } = null!;
    [Inject] private ScanService Scans { get; set; } = null!;
    [Inject] private ConnectionService Connections { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;

    private IReadOnlyList<ScanEntity> _scans = [];
    private IReadOnlyList<ConnectionSummary> _targets = [];
    private int _scanId;
    private int _targetId;
    private string _rules = "";
    private string _defaultProject = "library";
    private ProjectPlan? _plan;
    private bool _loaded;
    private bool _checking;
    private Task _queue = Task.CompletedTask;
    private string? _error;

    private int Missing => _plan?.ToCreate.Count() ?? 0;

    protected override async Task OnInitializedAsync()
    {
        _scans = (await Scans.ListAsync()).Where(s => s.Status == JobStatus.Succeeded).ToList();
        _targets = (await Connections.ListAsync()).Where(c => c.Role == ConnectionRole.Target).ToList();
        _scanId = _scans.FirstOrDefault()?.Id ?? 0;
        _targetId = _targets.FirstOrDefault()?.Id ?? 0;
        var mapping = await Projects.GetMappingAsync();
        (_rules, _defaultProject) = (mapping.Rules, mapping.DefaultProject);
        _loaded = true;
        // People open this page to see the counts: check now, showing the form while Harbor answers. The button
        // checks again after the rules or Harbor change.
        if (_scanId == 0 || _targetId == 0) return;
        StateHasChanged();
        await RunAsync(async () => _plan = await Projects.PlanAsync(_scanId, _targetId));
    }

    private static string StatusWord(ProjectPlanEntry entry) => entry.Status switch
    {
        ProjectStatus.Exists => entry.Outcome ?? (entry.IsProxyCache ? "proxy cache (refuses pushes)" : "exists"),
        ProjectStatus.WillCreate => "missing",
        ProjectStatus.Missing => entry.Outcome == "failed" ? "creation failed" : "missing",
        _ => "invalid",
    };

    private async Task SaveMappingAsync() => await RunAsync(async () =>
    {
        await Projects.SaveMappingAsync(new MappingSettings(_rules, _defaultProject));
        _plan = null;
    });

    private async Task CheckAsync() => await RunAsync(async () =>
    {
        await Projects.SaveMappingAsync(new MappingSettings(_rules, _defaultProject));
        _plan = await Projects.PlanAsync(_scanId, _targetId);
    });

    private async Task CreateAsync()
    {
        await _queue; // a check still running: the dialog lists what it finds
        if (_plan is not { } plan) return;
        var dialog = await Dialogs.ShowAsync<CreateProjectsDialog>("Create missing projects",
            new DialogParameters<CreateProjectsDialog> { { d => d.Projects, plan.ToCreate.Select(p => p.Project).ToList() } });
        if (await dialog.Result is not { Canceled: false, Data: CreateProjectsChoice choice }) return;
        await RunAsync(async () => _plan = await Projects.CreateAsync(plan, _targetId, choice.Public, choice.StorageLimitBytes));
    }

    // One Harbor action at a time, in the order they were asked for. The page checks on opening and people press
    // Check anyway, then Create: run side by side, a check that began before a creation could end after it and show
    // the projects just made as missing. Buttons stay enabled, so a click made while a check runs is never lost.
    private Task RunAsync(Func<Task> action) => _queue = RunAfterAsync(_queue, action);

    private async Task RunAfterAsync(Task previous, Func<Task> action)
    {
        await previous;
        _checking = true;
        _error = null;
        try
        {
            await action();
        }
        // The page checks on opening, unasked: a Harbor it cannot reach is an error to show, not a reason to end the circuit.
        catch (Exception ex) when (ex is RegistryException or ArgumentException or FormatException or HttpRequestException)
        {
            _error = ex.Message;
        }
        finally
        {
            _checking = false;
        }
    }
}
