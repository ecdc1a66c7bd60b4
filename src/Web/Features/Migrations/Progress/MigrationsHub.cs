using Microsoft.AspNetCore.SignalR;
using Web.Features.Access;

namespace Web.Features.Migrations;

/// <summary>Live progress for listeners outside the Blazor circuit (another tool, a second browser tab's script).
/// Pages of this app use the in-process feed instead.</summary>
public sealed class MigrationsHub(HubSessions sessions) : Hub<IMigrationsClient>
{
    public static string Group(int migrationId) => $"migration-{migrationId}";

    public Task Watch(int migrationId) => Groups.AddToGroupAsync(Context.ConnectionId, Group(migrationId));

    public override Task OnConnectedAsync()
    {
        sessions.Opened(Context);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        sessions.Closed(Context);
        return base.OnDisconnectedAsync(exception);
    }
}
