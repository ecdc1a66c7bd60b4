using System.Net;
using System.Net.Sockets;

namespace Registry.Testing;

/// <summary>One client connection through the <see cref="WanProxy"/>: the handshake's round trip, then a
/// <see cref="WanPipe"/> each way. A close in one direction is passed on once the bytes before it are delivered; a
/// failure anywhere resets both sides.</summary>
internal sealed class WanConnection : IDisposable
{
    private readonly Socket _client;
    private readonly Socket _upstream = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly CancellationTokenSource _cancellation = new();
    private int _aborted;

    public WanConnection(Socket client)
    {
        _client = client;
        // Every chunk is written when it arrives; Nagle's algorithm would hold small ones back for an ACK on loopback.
        _client.NoDelay = true;
    }

    /// <param name="acceptedAt">When the client's connection was accepted (a Stopwatch timestamp): its first byte may
    /// leave one round trip later, as after a TCP handshake.</param>
    public async Task RunAsync(IPEndPoint upstream, WanPath path, long acceptedAt)
    {
        try
        {
            var connecting = _upstream.ConnectAsync(upstream, _cancellation.Token);
            await path.Timer.At(acceptedAt + path.RoundTripTicks);
            await connecting;
        }
        catch (Exception)
        {
            Abort();
            return;
        }
        await Task.WhenAll(
            new WanPipe(_client, _upstream, path.Up, path.Timer, path.WindowBytes).RunAsync(Abort, _cancellation.Token),
            new WanPipe(_upstream, _client, path.Down, path.Timer, path.WindowBytes).RunAsync(Abort, _cancellation.Token));
        Dispose();
    }

    /// <summary>Resets both sides (a linger of zero makes the close an RST) and stops both pipes.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 1) return;
        _cancellation.Cancel();
        foreach (var socket in new[] { _client, _upstream })
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception)
            {
                // Already closed or never connected: disposing it is all that is left.
            }
            socket.Dispose();
        }
    }

    /// <summary>Closes both sockets after a clean end (both directions already shut down). The cancellation source is
    /// left to the collector: it holds no timer, and an <see cref="Abort"/> racing with this must still be able to cancel.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _aborted, 1);
        _client.Dispose();
        _upstream.Dispose();
    }
}
