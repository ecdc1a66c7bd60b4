using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Registry.Testing;
using WanProxyTool;

// A simulated WAN in front of one loopback endpoint, for bench/wan.sh (the kernel here has no netem):
//
//   wan-proxy --upstream 127.0.0.1:PORT --rtt-ms 150 --mbit 1000 [--window-kib 4096] [--port P] [--samples FILE]
//
// Prints "port=NNNN" as its first line once it listens, then runs until SIGTERM or SIGINT, and prints its byte
// counters and the CPU it used. --samples writes the byte counters every 100 ms (seconds since start, bytes to the
// upstream, bytes from it), from which wan.sh measures an upload rate over the copy alone.

var options = ProxyOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: wan-proxy --upstream HOST:PORT --rtt-ms N --mbit N [--window-kib N] [--port P] [--samples FILE]");
    return 2;
}

using var stop = new CancellationTokenSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

await using var proxy = WanProxy.Start(options.Upstream, TimeSpan.FromMilliseconds(options.RttMs), options.Mbit,
    options.WindowKib * 1024, options.Port);
Console.WriteLine($"port={proxy.Port}");
Console.WriteLine($"upstream={options.Upstream} rtt_ms={options.RttMs} mbit={options.Mbit} window_kib={options.WindowKib}");

var started = Stopwatch.GetTimestamp();
try
{
    if (options.SamplesFile is { } file) await ByteSamples.WriteAsync(proxy, file, stop.Token);
    else await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

var cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"bytes_to_upstream={proxy.BytesToUpstream} bytes_from_upstream={proxy.BytesFromUpstream} connections={proxy.ConnectionsAccepted} " +
    $"seconds={seconds:0.0} cpu_seconds={cpu:0.00}"));
return 0;

void Stop(PosixSignalContext context)
{
    // Handled here: the counters are printed on the way out instead of the runtime ending the process at once.
    context.Cancel = true;
    stop.Cancel();
}
