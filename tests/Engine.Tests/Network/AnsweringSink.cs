using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Engine.Tests.Network;

/// <summary>
/// A TCP server on loopback for timing a link: on each connection it reads messages (a 4-byte big-endian length, then
/// that many bytes) and answers each with one byte once all of it has arrived; when the client closes, it closes too.
/// The answer is what the client times, so a measurement covers the whole message and one way back.
/// </summary>
internal sealed class AnsweringSink : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;

    public AnsweringSink()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        // On the thread pool rather than xUnit's synchronization context, which shares a couple of threads among tests.
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>Sends one message of <paramref name="bytes"/> bytes and waits for its answer.</summary>
    public static async Task ExchangeAsync(Socket socket, int bytes)
    {
        var message = new byte[4 + bytes];
        BinaryPrimitives.WriteInt32BigEndian(message, bytes);
        await socket.SendAsync(message, SocketFlags.None);
        var answer = new byte[1];
        if (await socket.ReceiveAsync(answer, SocketFlags.None) != 1) throw new IOException("the sink closed instead of answering");
    }

    public static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return socket;
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptAsync(_stopping.Token);
                socket.NoDelay = true;
                lock (_connections) _connections.Add(ServeAsync(socket));
            }
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (await ReadExactlyAsync(socket, buffer.AsMemory(0, 4)))
                {
                    var remaining = BinaryPrimitives.ReadInt32BigEndian(buffer);
                    while (remaining > 0)
                    {
                        var read = await socket.ReceiveAsync(buffer.AsMemory(0, Math.Min(buffer.Length, remaining)), SocketFlags.None, _stopping.Token);
                        if (read == 0) return;
                        remaining -= read;
                    }
                    await socket.SendAsync(new byte[] { 1 }, SocketFlags.None, _stopping.Token);
                }
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (_stopping.IsCancellationRequested || e is SocketException or IOException)
            {
                // Stopped, or the client went away: this connection is over either way.
            }
        }
    }

    /// <summary>False when the client closed before the first byte.</summary>
    private async Task<bool> ReadExactlyAsync(Socket socket, Memory<byte> buffer)
    {
        for (var filled = 0; filled < buffer.Length;)
        {
            var read = await socket.ReceiveAsync(buffer[filled..], SocketFlags.None, _stopping.Token);
            if (read == 0) return filled == 0 ? false : throw new IOException("the client closed mid-length");
            filled += read;
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        await _accepting;
        Task[] connections;
        lock (_connections) connections = [.. _connections];
        await Task.WhenAll(connections);
    }
}
