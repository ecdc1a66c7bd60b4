namespace Registry.Testing;

/// <summary>
/// Wraps a stream of known length in a valid gzip member whose deflate blocks are all "stored" (RFC 1951 §3.2.4,
/// RFC 1952), generated as it is read. Layers labelled <c>tar+gzip</c> then really are gzip, so a peer such as
/// skopeo recognises them and copies them as they are instead of compressing them again (which it does to bytes
/// it cannot identify). Stored blocks cost no CPU and keep the length known in advance.
/// </summary>
public sealed class GzipStoredStream : Stream
{
    private const int MaxBlock = 65535;
    private static readonly uint[] CrcTable = BuildCrcTable();

    private readonly Stream _inner;
    private readonly long _innerLength;
    private long _innerRead;
    private uint _crc = 0xFFFFFFFF;
    private readonly byte[] _pending = new byte[10];
    private int _pendingOffset, _pendingCount;
    private int _blockLeft;
    private bool _headerSent, _trailerSent, _emptyBlockSent;
    private long _position;

    public GzipStoredStream(Stream inner, long innerLength)
    {
        (_inner, _innerLength) = (inner, innerLength);
        Length = LengthFor(innerLength);
    }

    /// <summary>The gzip length for <paramref name="innerLength"/> bytes: header, 5 bytes per block, data, trailer.</summary>
    public static long LengthFor(long innerLength) => 10 + innerLength + 5 * Math.Max(1, (innerLength + MaxBlock - 1) / MaxBlock) + 8;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length { get; }
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            if (_pendingCount > 0)
            {
                var n = Math.Min(_pendingCount, buffer.Length - written);
                _pending.AsSpan(_pendingOffset, n).CopyTo(buffer[written..]);
                (_pendingOffset, _pendingCount, written) = (_pendingOffset + n, _pendingCount - n, written + n);
                continue;
            }
            if (!_headerSent)
            {
                // Magic, deflate, no flags, no mtime, no extra flags, OS "unknown".
                Queue([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
                _headerSent = true;
                continue;
            }
            if (_blockLeft > 0)
            {
                var n = _inner.Read(buffer.Slice(written, Math.Min(_blockLeft, buffer.Length - written)));
                if (n == 0) throw new EndOfStreamException("the inner stream ended before its stated length");
                UpdateCrc(buffer.Slice(written, n));
                (_blockLeft, _innerRead, written) = (_blockLeft - n, _innerRead + n, written + n);
                continue;
            }
            if (_innerRead < _innerLength || (_innerLength == 0 && !_emptyBlockSent))
            {
                var size = (int)Math.Min(MaxBlock, _innerLength - _innerRead);
                var final = _innerRead + size == _innerLength;
                Queue([(byte)(final ? 1 : 0), (byte)size, (byte)(size >> 8), (byte)~size, (byte)(~size >> 8)]);
                (_blockLeft, _emptyBlockSent) = (size, true);
                continue;
            }
            if (!_trailerSent)
            {
                var crc = ~_crc;
                var isize = (uint)_innerLength;
                Queue([(byte)crc, (byte)(crc >> 8), (byte)(crc >> 16), (byte)(crc >> 24), (byte)isize, (byte)(isize >> 8), (byte)(isize >> 16), (byte)(isize >> 24)]);
                _trailerSent = true;
                continue;
            }
            break;
        }
        _position += written;
        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    private void Queue(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_pending);
        (_pendingOffset, _pendingCount) = (0, bytes.Length);
    }

    private void UpdateCrc(ReadOnlySpan<byte> data)
    {
        var crc = _crc;
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        _crc = crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
