using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Registry.Testing;
using Xunit.Abstractions;

namespace Engine.Tests.Network;

/// <summary>The user-space WAN the benchmark puts in front of a target (bench/wan.sh): its rate, round trips, shared link
/// and window, timed through it. Bounds are loose where a loaded machine can only make things slower, tight where a
/// figure below them would mean the proxy cut a corner.</summary>
[Collection(TimingCollection.Name)]
public sealed class WanProxyTests
{
    private const int MiB = 1 << 20;

    private readonly ITestOutputHelper _output;

    public WanProxyTests(ITestOutputHelper output)
    {
        _output = output;
        // Every socket read of the proxy and the sink continues on the thread pool. The test host keeps a few pool
        // threads in blocking waits, and the pool adds threads only while the CPU is not saturated; on a busy machine
        // chunks then sat in its queue for up to a second (measured: 3 threads, 3 items waiting, for 1 s), and the
        // timings failed by 20-70 %. A floor of threads removes the wait.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), completionPorts);
    }

    [Fact]
    public async Task Transfer_Of4MiB_At40Mbit_TakesItsSerializationTime()
    {
        await using var sink = new AnsweringSink();
        await using var proxy = WanProxy.Start(sink.Port, TimeSpan.FromMilliseconds(10), megabitsPerSecond: 40);
        using var socket = await OpenAsync(proxy);

        var elapsed = await TimeAsync(() => AnsweringSink.ExchangeAsync(socket, 4 * MiB));
        _output.WriteLine($"4 MiB at 40 Mbit/s, 10 ms: {elapsed:0.000} s");

        // 4 MiB × 8 ÷ 40 Mbit/s = 0.839 s on the link, plus the way there and the answer's way back.
        AssertNear(0.839 + 0.010, elapsed, 0.15);
    }

    [Fact]
    public async Task Exchange_OnAnOpenConnection_TakesOneRoundTrip()
    {
        await using var sink = new AnsweringSink();
        await using var proxy = WanProxy.Start(sink.Port, TimeSpan.FromMilliseconds(100), megabitsPerSecond: 1000);
        using var socket = await OpenAsync(proxy);

        var times = new List<double>();
        for (var i = 0; i < 3; i++) times.Add(await TimeAsync(() => AnsweringSink.ExchangeAsync(socket, 100)));

        _output.WriteLine($"exchanges at 100 ms: {string.Join(", ", times.Select(t => $"{t * 1000:0.0} ms"))}");
        Assert.All(times, t => Assert.True(t >= 0.095, $"an exchange took {t:0.000} s, less than the 100 ms round trip"));
        // Up to just under two round trips: a delay applied twice would take 0.2 s; a busy machine adds a little.
        Assert.InRange(times.Order().ElementAt(1), 0.095, 0.190);
    }

    [Fact]
    public async Task FirstExchange_OnANewConnection_PaysTheHandshakeToo()
    {
        await using var sink = new AnsweringSink();
        await using var proxy = WanProxy.Start(sink.Port, TimeSpan.FromMilliseconds(100), megabitsPerSecond: 1000);

        var elapsed = await TimeAsync(async () =>
        {
            using var socket = await AnsweringSink.ConnectAsync(proxy.Port);
            await AnsweringSink.ExchangeAsync(socket, 100);
        });

        _output.WriteLine($"connect and first exchange at 100 ms: {elapsed * 1000:0.0} ms");
        // Two round trips, the handshake's and the exchange's; four (each delayed twice) would take 0.4 s.
        Assert.InRange(elapsed, 0.190, 0.390);
    }

    [Fact]
    public async Task TwoConnections_AtOnce_ShareOneLink()
    {
        await using var sink = new AnsweringSink();
        await using var proxy = WanProxy.Start(sink.Port, TimeSpan.FromMilliseconds(10), megabitsPerSecond: 40);
        using var first = await OpenAsync(proxy);
        using var second = await OpenAsync(proxy);

        var eachTook = new double[2];
        var elapsed = await TimeAsync(() => Task.WhenAll(
            Task.Run(async () => eachTook[0] = await TimeAsync(() => AnsweringSink.ExchangeAsync(first, 2 * MiB))),
            Task.Run(async () => eachTook[1] = await TimeAsync(() => AnsweringSink.ExchangeAsync(second, 2 * MiB)))));

        _output.WriteLine($"2 × 2 MiB at 40 Mbit/s: {elapsed:0.000} s; each {eachTook[0]:0.000} s and {eachTook[1]:0.000} s");
        // Together as long as one 4 MiB transfer. The link serves chunks in the order they were read, so one connection may
        // finish early; the other ends with the 4 MiB, where with a link each both would be done in half the time.
        AssertNear(0.839 + 0.010, elapsed, 0.15);
        Assert.True(eachTook.Max() > 0.7, $"the two 2 MiB transfers took {eachTook[0]:0.000} s and {eachTook[1]:0.000} s: a link each");
    }

    [Fact]
    public async Task Window_Of256KiB_At100ms_LimitsOneConnectionToWindowPerRoundTrip()
    {
        await using var sink = new AnsweringSink();
        await using var proxy = WanProxy.Start(sink.Port, TimeSpan.FromMilliseconds(100), megabitsPerSecond: 1000, windowBytes: 256 << 10);
        using var socket = await OpenAsync(proxy);

        // Ten windows in all, the 4-byte length included: ten round trips at 256 KiB ÷ 100 ms = 2.5 MiB/s, where the
        // link alone would carry them in 21 ms.
        const int messageBytes = 10 * (256 << 10);
        var elapsed = await TimeAsync(() => AnsweringSink.ExchangeAsync(socket, messageBytes - 4));

        var mibPerSecond = messageBytes / elapsed / MiB;
        _output.WriteLine($"2.5 MiB through a 256 KiB window at 100 ms: {elapsed:0.000} s, {mibPerSecond:0.00} MiB/s");
        Assert.True(mibPerSecond is > 2.0 and < 2.9, $"{mibPerSecond:0.00} MiB/s ({elapsed:0.000} s), expected about 2.5");
    }

    [Fact]
    public async Task Close_FromTheClient_ArrivesAfterItsBytes_AndTheServersCloseComesBack()
    {
        await using var sink = new AnsweringSink();
        await using var proxy = WanProxy.Start(sink.Port, TimeSpan.FromMilliseconds(20), megabitsPerSecond: 100);
        using var socket = await AnsweringSink.ConnectAsync(proxy.Port);

        // The FIN leaves right behind the message: the sink must still read all of it, answer, and then see the close.
        var message = new byte[4 + 64 * 1024];
        BinaryPrimitives.WriteInt32BigEndian(message, 64 * 1024);
        await socket.SendAsync(message, SocketFlags.None);
        socket.Shutdown(SocketShutdown.Send);
        var received = new byte[2];
        var answer = await socket.ReceiveAsync(received.AsMemory(0, 1), SocketFlags.None);
        var end = await socket.ReceiveAsync(received.AsMemory(1), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal((1, 0), (answer, end));
        Assert.Equal((message.Length, 1L, 1L), (proxy.BytesToUpstream, proxy.BytesFromUpstream, proxy.ConnectionsAccepted));
    }

    [Fact]
    public async Task Registry_BehindTheProxy_AnswersItsApi()
    {
        await using var registry = await RegistryProcess.StartAsync();
        await using var proxy = WanProxy.Start(registry.Port, TimeSpan.FromMilliseconds(20), megabitsPerSecond: 100);
        using var http = new HttpClient { BaseAddress = proxy.Uri };

        using var response = await http.GetAsync("/v2/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, proxy.ConnectionsAccepted);
        Assert.True(proxy.BytesToUpstream > 0 && proxy.BytesFromUpstream > 0);
    }

    /// <summary>A connection through the proxy that has had its handshake and one exchange, so what follows is timed
    /// on an open connection.</summary>
    private static async Task<Socket> OpenAsync(WanProxy proxy)
    {
        var socket = await AnsweringSink.ConnectAsync(proxy.Port);
        await AnsweringSink.ExchangeAsync(socket, 1);
        return socket;
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static void AssertNear(double expectedSeconds, double actualSeconds, double tolerance) =>
        Assert.True(Math.Abs(actualSeconds - expectedSeconds) <= expectedSeconds * tolerance,
            $"took {actualSeconds:0.000} s, expected {expectedSeconds:0.000} s ± {tolerance:P0}");
}
