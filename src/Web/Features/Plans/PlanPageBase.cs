using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Migration.Engine.Registry;
using Migration.Engine.Sources;

namespace Web.Features.Plans;

/// <summary>What the plan and cutover pages share: one action at a time, its failure shown in words, and who is
/// signed in (recorded as who started a run or the cutover).</summary>
public abstract class PlanPageBase : ComponentBase
{
    [Parameter] public int Id { get; set; }

    [Inject] protected PlanService Plans { get; set; } = null!;
    [Inject] private AuthenticationStateProvider Authentication { get; set; } = null!;

    protected bool Busy { get; private set; }
    protected string? Error { get; set; }

    protected async Task<string?> WhoAsync() => (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name;

    /// <summary>Runs a button's action; what the services refuse with a reason is shown, then <see cref="AfterFailureAsync"/>.</summary>
    protected async Task DoAsync(Func<Task> action)
    {
        (Busy, Error) = (true, null);
        try
        {
            await action();
        }
        catch (Exception ex) when (ex is ArgumentException or PlanBusyException or KeyNotFoundException or RegistryException or SourceException or IOException)
        {
            Error = ex.Message;
            await AfterFailureAsync();
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>The plan page reloads its runs: a refused run may be because another one just started.</summary>
    protected virtual Task AfterFailureAsync() => Task.CompletedTask;
}
