using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Registry.Testing;

/// <summary>
/// A wide-area link in user space, for machines whose kernel has no netem: a TCP proxy on 127.0.0.1 in front of an
/// upstream endpoint (a docker-registry on loopback, say). Each direction is one link of the given rate shared by every
/// connection, plus half the round trip of propagation; a new connection waits one round trip (the handshake) before
/// its first byte; each connection keeps at most a window of bytes unacknowledged each way, like TCP's buffers, so one
/// connection gets at most window ÷ RTT. Closes and half-closes are passed on after the bytes before them.
/// </summary>
public sealed class WanProxy : IAsyncDisposable, IDisposable
{
    /// <summary>Linux's default largest TCP buffer (net.ipv4.tcp_wmem), which bounds one connection the same way.</summary>
    public const int DefaultWindowBytes = 4 << 20;

    private readonly Socket _listener;
    private readonly IPEndPoint _upstream;
    private readonly WanPath _path;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<WanConnection, Task> _connections = new();
    private readonly Task _accepting;
    private long _connectionsAccepted;
    private int _stopped;

    private WanProxy(IPEndPoint upstream, TimeSpan roundTrip, double megabitsPerSecond, int windowBytes, int port)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(roundTrip, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(megabitsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(windowBytes);
        _upstream = upstream;
        _path = new WanPath(new WanLink(megabitsPerSecond * 1e6, roundTrip), new WanLink(megabitsPerSecond * 1e6, roundTrip),
            new WanTimer(), WanTimer.Ticks(roundTrip), windowBytes);
        RoundTrip = roundTrip;
        MegabitsPerSecond = megabitsPerSecond;
        WindowBytes = windowBytes;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        _listener.Listen(512);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        // On the thread pool, away from the caller's synchronization context: under xUnit that context runs every
        // continuation on a couple of threads shared with the tests, and each chunk's wake-up would queue behind them.
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>A proxy on a free loopback port in front of 127.0.0.1:<paramref name="upstreamPort"/>.</summary>
    /// <param name="megabitsPerSecond">The rate of each direction's link, in 10^6 bits a second.</param>
    /// <param name="windowBytes">Unacknowledged bytes one connection may have in flight each way; 0 for no limit (then
    /// the proxy holds whatever a fast sender gives it).</param>
    public static WanProxy Start(int upstreamPort, TimeSpan roundTrip, double megabitsPerSecond, int windowBytes = DefaultWindowBytes) =>
        Start(new IPEndPoint(IPAddress.Loopback, upstreamPort), roundTrip, megabitsPerSecond, windowBytes);

    /// <param name="port">The loopback port to listen on; 0 for a free one.</param>
    public static WanProxy Start(IPEndPoint upstream, TimeSpan roundTrip, double megabitsPerSecond, int windowBytes = DefaultWindowBytes, int port = 0) =>
        new(upstream, roundTrip, megabitsPerSecond, windowBytes, port);

    public int Port { get; }
    public Uri Uri => new($"http://127.0.0.1:{Port}");
    public TimeSpan RoundTrip { get; }
    public double MegabitsPerSecond { get; }
    public int WindowBytes { get; }

    /// <summary>Bytes delivered to the upstream (client → upstream), over all connections.</summary>
    public long BytesToUpstream => _path.Up.BytesDelivered;

    /// <summary>Bytes delivered to the clients (upstream → client), over all connections.</summary>
    public long BytesFromUpstream => _path.Down.BytesDelivered;

    public long ConnectionsAccepted => Interlocked.Read(ref _connectionsAccepted);

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                // One failed accept (the client gave up in the backlog) is no reason to stop listening.
                continue;
            }
            var acceptedAt = WanTimer.Now;
            Interlocked.Increment(ref _connectionsAccepted);
            var connection = new WanConnection(client);
            // Registered before it runs, so a Stop that comes meanwhile resets it too; a connection that is already over
            // has removed itself, and is not put back.
            _connections[connection] = Task.CompletedTask;
            _connections.TryUpdate(connection, RunAsync(connection, acceptedAt), Task.CompletedTask);
        }
    }

    private async Task RunAsync(WanConnection connection, long acceptedAt)
    {
        try
        {
            await connection.RunAsync(_upstream, _path, acceptedAt);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
        }
    }

    /// <summary>Stops listening and resets every open connection.</summary>
    public async ValueTask DisposeAsync()
    {
        Stop();
        await _accepting;
        await Task.WhenAll(_connections.Values);
    }

    public void Dispose() => Stop();

    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        _stopping.Cancel();
        _listener.Dispose();
        foreach (var connection in _connections.Keys) connection.Abort();
        // Cancels every pending wait, so no connection lingers until a chunk's arrival time seconds away.
        _path.Timer.Dispose();
    }
}
