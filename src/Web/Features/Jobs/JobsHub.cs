using Microsoft.AspNetCore.SignalR;

namespace Web.Features.Jobs;

/// <summary>Live progress for listeners outside the Blazor circuit (another tool, a second browser tab's script).
/// Pages of this app use the in-process feed instead.</summary>
public sealed class JobsHub : Hub<IJobsClient>
{
    public static string Group(int migrationId) => $"job-{migrationId}";

    public Task Watch(int migrationId) => Groups.AddToGroupAsync(Context.ConnectionId, Group(migrationId));
}
