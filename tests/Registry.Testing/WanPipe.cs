using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Registry.Testing;

/// <summary>
/// One direction of one proxied connection. A reader takes up to 16 KiB at a time from the sender, puts it on the
/// shared <see cref="WanLink"/> and queues it with its arrival time; a writer hands each chunk to the receiver when it
/// arrives. Like TCP, a connection keeps at most a window of bytes unacknowledged: the reader stops taking from the
/// sender until a chunk's acknowledgement (its arrival plus half a round trip) frees room. That caps one connection
/// at window ÷ RTT and bounds what the proxy holds in memory.
/// </summary>
internal sealed class WanPipe(Socket from, Socket to, WanLink link, WanTimer timer, int windowBytes)
{
    // Small enough that many connections interleave finely on the link (16 KiB is 0.65 ms at 200 Mbit/s).
    public const int ChunkBytes = 16 * 1024;

    /// <summary>Bytes on their way, and when they arrive; a null buffer is the sender's FIN.</summary>
    private readonly record struct Chunk(byte[]? Buffer, int Length, long ArrivesAt);

    private readonly record struct Ack(long At, int Bytes);

    private readonly Channel<Chunk> _chunks = Channel.CreateUnbounded<Chunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Channel<Ack> _acks = Channel.CreateUnbounded<Ack>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    // Read only by the reader task: sent but not yet acknowledged.
    private long _inFlight;

    /// <summary>Runs until the sender has closed and everything it sent has been delivered and the close passed on. Any
    /// failure on either side (a reset, a closed socket, cancellation) calls <paramref name="abort"/>, which tears the
    /// whole connection down and so ends the other side too.</summary>
    public Task RunAsync(Action abort, CancellationToken cancellationToken) =>
        Task.WhenAll(OrAbort(ReadAsync(cancellationToken), abort), OrAbort(WriteAsync(cancellationToken), abort));

    private static async Task OrAbort(Task task, Action abort)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            abort();
        }
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReadUntilClosedAsync(cancellationToken);
        }
        finally
        {
            _chunks.Writer.TryComplete();
        }
    }

    private async Task ReadUntilClosedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var room = await RoomAsync(cancellationToken);
            var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
            int read;
            try
            {
                read = await from.ReceiveAsync(buffer.AsMemory(0, room), SocketFlags.None, cancellationToken);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }
            if (read == 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                _chunks.Writer.TryWrite(new Chunk(null, 0, link.Schedule(0)));
                return;
            }
            _inFlight += read;
            _chunks.Writer.TryWrite(new Chunk(buffer, read, link.Schedule(read)));
        }
    }

    /// <summary>How much the reader may take now: waits while the window is full, until acknowledgements free room.</summary>
    private async ValueTask<int> RoomAsync(CancellationToken cancellationToken)
    {
        if (windowBytes <= 0) return ChunkBytes;
        while (true)
        {
            while (_acks.Reader.TryPeek(out var ack) && WanTimer.IsDue(ack.At))
            {
                _acks.Reader.TryRead(out _);
                _inFlight -= ack.Bytes;
            }
            if (_inFlight < windowBytes) return (int)Math.Min(ChunkBytes, windowBytes - _inFlight);
            // The window is full: the earliest acknowledgement is either known (wait for its time) or its chunk has not
            // been delivered yet (wait for the writer to deliver it).
            if (_acks.Reader.TryPeek(out var next)) await timer.At(next.At);
            else await _acks.Reader.WaitToReadAsync(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var chunk in _chunks.Reader.ReadAllAsync(cancellationToken))
            {
                await timer.At(chunk.ArrivesAt);
                cancellationToken.ThrowIfCancellationRequested();
                if (chunk.Buffer is null)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }
                try
                {
                    await to.SendAsync(chunk.Buffer.AsMemory(0, chunk.Length), SocketFlags.None, cancellationToken);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(chunk.Buffer);
                }
                link.Delivered(chunk.Length);
                // Acknowledged half a round trip after it reached the receiver; a receiver slower than the link delays it
                // (the send above waits for room in its socket), as a full receive window does in TCP.
                if (windowBytes > 0) _acks.Writer.TryWrite(new Ack(Math.Max(WanTimer.Now, chunk.ArrivesAt) + link.OneWayTicks, chunk.Length));
            }
        }
        finally
        {
            while (_chunks.Reader.TryRead(out var left))
                if (left.Buffer is not null) ArrayPool<byte>.Shared.Return(left.Buffer);
        }
    }
}
