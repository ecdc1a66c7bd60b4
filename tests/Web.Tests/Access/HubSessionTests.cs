using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Web.Features.Access;

namespace Web.Tests.Access;

/// <summary>A listener on <c>/hubs/jobs</c> whose API token is revoked is cut off within the session check interval
/// (1 s here), not left receiving progress until it happens to reconnect; and it cannot connect again.</summary>
// SessionEndTests.Factory: the app with Dashboard:SessionCheckSeconds=1.
public sealed class HubSessionTests(SessionEndTests.Factory factory) : IClassFixture<SessionEndTests.Factory>
{
    [Fact]
    public async Task HubListener_WhoseTokenIsRevoked_IsDisconnectedAndCannotReconnect()
    {
        using var client = factory.CreateClient(); // starts the app
        var tokens = factory.Services.GetRequiredService<ApiTokenService>();
        var (token, secret) = await tokens.CreateAsync("hub listener");
        await using var hub = Connect(secret);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += error => { closed.TrySetResult(error); return Task.CompletedTask; };
        await hub.StartAsync();
        await hub.InvokeAsync("Watch", 1);

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.False(closed.Task.IsCompleted, "a listener whose token stands was cut off");
        await tokens.RevokeAsync(token.Id);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
        await using var again = Connect(secret);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => again.StartAsync());
    }

    private HubConnection Connect(string token) => new HubConnectionBuilder()
        .WithUrl(new Uri(factory.Server.BaseAddress, "hubs/jobs"), o =>
        {
            // The test server has no sockets: long polling through its handler.
            o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
            o.Transports = HttpTransportType.LongPolling;
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        })
        .Build();
}
