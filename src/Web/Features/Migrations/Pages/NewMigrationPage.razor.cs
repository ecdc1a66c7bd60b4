using Microsoft.AspNetCore.Components;
using Migration.Engine.Copy;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Web.Data;
using Web.Features.Connections;
using Migration.Engine.Plan;
using Migration.Engine.Run;

namespace Web.Features.Migrations;

public partial class NewMigrationPage
{
    [Inject] private MigrationService Migrations { get; set; } = null!;
    [Inject] private ConnectionService Connections { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private Web.Features.Plans.PlanService Plans { get; set; } = null!;

    private IReadOnlyList<ConnectionSummary> _sources = [];
    private IReadOnlyList<ConnectionSummary> _targets = [];
    private int _sourceId, _targetId, _concurrency = Migration.Engine.Link.LinkGovernor.DefaultMaxConcurrency;
    private string? _include, _exclude, _tags, _cap, _planName;
    private bool _mirrorDeletions;
    private int? _latest;
    private bool _untagged, _includeDangling, _convertSchema1 = true, _createProjects = true, _verify = true, _busy;
    private PlanSummary? _plan;
    private string? _error;

    protected override async Task OnInitializedAsync()
    {
        var all = await Connections.ListAsync();
        _sources = all.Where(c => c.Role == ConnectionRole.Source).ToList();
        _targets = all.Where(c => c.Role == ConnectionRole.Target).ToList();
        _sourceId = _sources.FirstOrDefault()?.Id ?? 0;
        _targetId = _targets.FirstOrDefault()?.Id ?? 0;
    }

    private MigrationRequest Request() => new()
    {
        SourceId = _sourceId, TargetId = _targetId, Include = Globs(_include), Exclude = Globs(_exclude),
        TagPattern = string.IsNullOrWhiteSpace(_tags) ? null : _tags.Trim(), Latest = _latest, IncludeUntagged = _untagged,
        ConvertSchema1 = _convertSchema1, IncludeDanglingTags = _includeDangling,
        Concurrency = _concurrency, CreateProjects = _createProjects, Verify = _verify,
        MaxBytesPerSecond = BandwidthText.TryParse(_cap, out var cap, out var error) ? cap : throw new ArgumentException(error),
    };

    private static string? CapError(string? text) => BandwidthText.TryParse(text, out _, out var error) ? null : error;

    // What the text means, so "20" (20 bytes a second) does not pass for 20 MiB/s unnoticed.
    private string CapHelp => BandwidthText.TryParse(_cap, out var cap, out _) && cap is { } bytes
        ? $"= {BandwidthText.Format(bytes)}"
        : $"a second, e.g. {BandwidthText.Examples}; empty: none";

    private static IReadOnlyList<string> Globs(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private async Task PlanAsync() => await RunAsync(async () => _plan = await Migrations.PlanAsync(Request()));

    private async Task StartAsync() => await RunAsync(async () =>
    {
        var id = await Migrations.StartAsync(Request());
        Navigation.NavigateTo($"jobs/{id}");
    });

    private async Task SavePlanAsync() => await RunAsync(async () =>
    {
        var plan = await Plans.CreateAsync(new Web.Features.Plans.PlanRequest { Name = _planName ?? "", Migration = Request(), MirrorDeletions = _mirrorDeletions });
        Navigation.NavigateTo($"plans/{plan.Id}");
    });

    private async Task RunAsync(Func<Task> action)
    {
        (_busy, _error) = (true, null);
        try
        {
            await action();
        }
        catch (Exception ex) when (ex is RegistryException or SourceException or ArgumentException or FormatException)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }
}
