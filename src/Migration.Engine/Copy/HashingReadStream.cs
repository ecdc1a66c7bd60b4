using System.Security.Cryptography;
using Migration.Engine.Link;
using Migration.Engine.Oci;
using Migration.Engine.Sources;
using Migration.Engine.Plan;

namespace Migration.Engine.Copy;

/// <summary>
/// A request body that reads at most <c>limit</c> bytes from a source blob, hashing and counting them as they
/// pass. With a digest to verify, it throws at the end of the blob when the bytes are wrong, before the last
/// read returns: the request then ends short of its Content-Length and the registry never commits the blob.
/// </summary>
internal sealed class HashingReadStream(Stream inner, long limit, IncrementalHash hash, Action<long> onRead, Digest? verify, string blobName)
    : Stream
{
    private long _read;

    /// <summary>The run's bandwidth cap: each read waits its turn on it.</summary>
    public BandwidthCap? Cap { get; init; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => limit;
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var remaining = limit - _read;
        if (remaining <= 0)
        {
            await CheckEndAsync(cancellationToken);
            return 0;
        }
        if (buffer.Length > remaining) buffer = buffer[..(int)remaining];
        if (Cap is not null) buffer = buffer[..Cap.ReadSize(buffer.Length)];
        var read = await inner.ReadAsync(buffer, cancellationToken);
        if (read == 0)
            throw new BlobIntegrityException($"blob {blobName} is cut short in the source: {_read} of {limit} bytes");
        hash.AppendData(buffer.Span[..read]);
        _read += read;
        // Paced before it is counted and handed on: what was sent is what the cap allowed, when it allowed it.
        if (Cap is not null) await Cap.PaceAsync(read, cancellationToken);
        onRead(read);
        if (_read == limit) await CheckEndAsync(cancellationToken);
        return read;
    }

    private async Task CheckEndAsync(CancellationToken cancellationToken)
    {
        if (verify is not { } expected) return;
        // A longer blob than its descriptor says is as wrong as a shorter one.
        var probe = new byte[1];
        if (await inner.ReadAsync(probe, cancellationToken) > 0)
            throw new BlobIntegrityException($"blob {blobName} is longer in the source than the {limit} bytes its manifest says");
        var actual = Digest.FromHash(hash.GetCurrentHash());
        if (actual != expected)
            throw new BlobIntegrityException($"blob {blobName} is corrupt in the source: its bytes hash to {actual}; it was not sent");
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>The source blob's bytes are not the bytes its digest promises.</summary>
public sealed class BlobIntegrityException(string message) : SourceException(message);
