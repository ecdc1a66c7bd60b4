namespace Registry.Testing;

/// <summary>Deterministic pseudo-random bytes of a given length, generated as they are read, so a test or the
/// benchmark can push a 1 GB layer without holding it. The same seed always gives the same bytes.</summary>
public sealed class SeededStream(long seed, long length) : Stream
{
    private ulong _state = (ulong)seed * 0x9E3779B97F4A7C15UL + 0x2545F4914F6CDD1DUL;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public static byte[] Bytes(long seed, int length)
    {
        var bytes = new byte[length];
        using var stream = new SeededStream(seed, length);
        stream.ReadExactly(bytes);
        return bytes;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        // Whole 8-byte words keep the sequence independent of how callers size their reads.
        for (var i = 0; i < count; i++)
        {
            if ((_position + i) % 8 == 0) Next();
            buffer[i] = (byte)(_state >> (int)((_position + i) % 8 * 8));
        }
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    private void Next()
    {
        _state ^= _state << 13;
        _state ^= _state >> 7;
        _state ^= _state << 17;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
