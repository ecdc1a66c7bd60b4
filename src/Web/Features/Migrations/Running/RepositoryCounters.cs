namespace Web.Features.Migrations;

/// <summary>A repository job's running totals, folded from engine events on many threads.</summary>
public sealed class RepositoryCounters
{
    private int _imagesDone, _imagesFailed;
    private long _bytesDone;

    public int ImagesDone => Volatile.Read(ref _imagesDone);
    public int ImagesFailed => Volatile.Read(ref _imagesFailed);
    public long BytesDone => Interlocked.Read(ref _bytesDone);

    public void ImageFinished(bool failed)
    {
        Interlocked.Increment(ref _imagesDone);
        if (failed) Interlocked.Increment(ref _imagesFailed);
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _inFlight = new();

    public void Bytes(string digest, long count)
    {
        Interlocked.Add(ref _bytesDone, count);
        _inFlight.AddOrUpdate(digest, count, (_, sent) => sent + count);
    }

    public void BlobDone(string digest) => _inFlight.TryRemove(digest, out _);

    /// <summary>The transfers under way, largest first, for the job page.</summary>
    public string InFlight => string.Join("; ", _inFlight.OrderByDescending(t => t.Value).Take(8)
        .Select(t => $"{t.Key.Replace("sha256:", "")[..12]} {t.Value / 1048576.0:0.0} MiB sent"));
}
