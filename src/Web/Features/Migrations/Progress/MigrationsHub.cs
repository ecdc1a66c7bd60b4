using Microsoft.AspNetCore.SignalR;

namespace Web.Features.Migrations;

/// <summary>Live progress for listeners outside the Blazor circuit (another tool, a second browser tab's script).
/// Pages of this app use the in-process feed instead.</summary>
public sealed class MigrationsHub : Hub<IMigrationsClient>
{
    public static string Group(int migrationId) => $"migration-{migrationId}";

    public Task Watch(int migrationId) => Groups.AddToGroupAsync(Context.ConnectionId, Group(migrationId));
}
