using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Web.Configuration;

namespace Web.Features.Access;

/// <summary>
/// Ends open hub connections (<c>/hubs/jobs</c>, for listeners outside the app's pages) whose sign-in has ended: a
/// revoked API token, a sign-out or a password change. SignalR checks authorization only when a connection opens, so
/// without this a listener would keep receiving progress until it reconnected. Checked every
/// <c>Dashboard:SessionCheckSeconds</c>, as open pages are.
/// </summary>
public sealed class HubSessions(SessionCheck check, IOptions<DashboardSettings> settings, ILogger<HubSessions> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _open = new();

    public void Opened(HubCallerContext connection) => _open[connection.ConnectionId] = connection;

    public void Closed(HubCallerContext connection) => _open.TryRemove(connection.ConnectionId, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.SessionCheckInterval ?? TimeSpan.FromSeconds(DashboardSettings.DefaultSessionCheckSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var connection in _open.Values)
            {
                try
                {
                    if (connection.User is { } user && await check.IsCurrentAsync(user, stoppingToken)) continue;
                }
                // A database hiccup is no reason to drop every listener; the next tick asks again.
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not check the sign-in of hub connection {ConnectionId}", connection.ConnectionId);
                    continue;
                }
                logger.LogInformation("Hub connection {ConnectionId} of {User} closed: its sign-in has ended", connection.ConnectionId, connection.User?.Identity?.Name);
                Closed(connection);
                connection.Abort();
            }
        }
    }
}
