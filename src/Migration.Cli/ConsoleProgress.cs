using Migration.Engine;
using System.Diagnostics;
using Migration.Engine.Copy;
using Migration.Engine.Plan;
using Migration.Engine.Run;

namespace Migration.Cli;

/// <summary>
/// Shows a migration as it runs. On a terminal: one live line (images, bytes, rate, ETA) redrawn four times a
/// second. Otherwise: a plain line per finished image and a summary every few seconds, fit for CI logs.
/// </summary>
internal sealed class ConsoleProgress : IProgress<CopyEvent>, IDisposable
{
    private readonly TextWriter _out;
    private readonly bool _live;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private int _imagesTotal, _imagesDone, _imagesFailed;
    private long _bytesTotal, _bytesDone;
    private Migration.Engine.Link.LinkStatus? _link;

    public ConsoleProgress(TextWriter output, bool live)
    {
        _out = output;
        _live = live;
        _timer = new Timer(_ => Draw(), null, live ? 250 : 5000, live ? 250 : 5000);
    }

    public void Report(CopyEvent value)
    {
        switch (value)
        {
            case PlanReady plan:
                Interlocked.Add(ref _imagesTotal, plan.Plan.Items.Count);
                Interlocked.Add(ref _bytesTotal, plan.Plan.BytesToUpload);
                Line($"plan: {plan.Plan.ImagesToCopy} images to copy, {plan.Plan.ImagesAlreadyPresent} already there, " +
                     $"{plan.Plan.ImagesThatCannotCopy} cannot be copied; blobs: {plan.Plan.BlobsToUpload} to upload " +
                     $"({ByteSize.Format(plan.Plan.BytesToUpload)}), {plan.Plan.BlobsToMount} to mount, {plan.Plan.BlobsToSkip} already there");
                break;
            case BytesTransferred bytes:
                Interlocked.Add(ref _bytesDone, bytes.Bytes);
                break;
            case ImageFinished finished:
                Interlocked.Increment(ref _imagesDone);
                if (finished.Outcome.Status == ImageStatus.Failed)
                {
                    Interlocked.Increment(ref _imagesFailed);
                    Line($"FAILED {finished.Outcome.Error}");
                }
                else if (!_live)
                {
                    var o = finished.Outcome;
                    Line($"{(o.Status == ImageStatus.Copied ? "copied" : "present")} {o.SourceRepository}:{o.Reference} → {o.TargetRepository}");
                }
                break;
            case LinkMeasured measured:
                Volatile.Write(ref _link, measured.Link);
                break;
            case Retrying retry:
                if (!_live) Line($"retry {retry.Attempt}: {retry.What}: {retry.Reason}");
                break;
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        Draw();
        if (_live) lock (_gate) _out.WriteLine();
    }

    private void Line(string text)
    {
        lock (_gate)
        {
            if (_live) _out.Write("\r\x1b[2K");
            _out.WriteLine(text);
        }
    }

    private void Draw()
    {
        var seconds = Math.Max(0.001, _clock.Elapsed.TotalSeconds);
        var done = Interlocked.Read(ref _bytesDone);
        var total = Interlocked.Read(ref _bytesTotal);
        var link = Volatile.Read(ref _link);
        // The rate now, once the link has been measured; the ETA from what remains at that rate.
        var rate = link?.BytesPerSecond ?? done / seconds;
        var eta = rate > 0 && total > done ? TimeSpan.FromSeconds((total - done) / rate) : TimeSpan.Zero;
        var fraction = total > 0 ? Math.Clamp((double)done / total, 0, 1) : 0;
        var bar = new string('#', (int)(fraction * 24)).PadRight(24, '.');
        var text = $"[{bar}] images {_imagesDone}/{_imagesTotal}{(_imagesFailed > 0 ? $" ({_imagesFailed} failed)" : "")}  " +
                   $"{ByteSize.Format(done)}/{ByteSize.Format(total)}  {ByteSize.Format((long)rate)}/s" +
                   (link?.CapBytesPerSecond is { } cap ? $" of {ByteSize.Format(cap)}/s cap" : "") +
                   (link is null ? "" : $"  {link.InFlight}/{link.Limit} in flight" +
                       (link.RoundTrip is { } rtt ? $", RTT {rtt.TotalMilliseconds:0} ms" : "")) +
                   $"  ETA {eta:hh\\:mm\\:ss}";
        lock (_gate)
        {
            if (_live) _out.Write("\r\x1b[2K" + text);
            else if (_imagesTotal > 0) _out.WriteLine(text);
        }
    }
}
