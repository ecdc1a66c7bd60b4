using System.Diagnostics;

namespace Registry.Testing;

/// <summary>
/// An S3-compatible server on loopback with one bucket: s3rver (npm) with the multipart and listing calls
/// docker-registry's s3 driver needs added (<c>s3/s3rver-plus.js</c>; <c>scripts/test</c> installs it). It refuses any
/// access key but <see cref="AccessKey"/>, as S3 does (403 InvalidAccessKeyId), but checks no signature.
/// </summary>
public sealed class S3Server : IAsyncDisposable
{
    public const string AccessKey = "test";
    public const string SecretKey = "testsecret";

    private readonly Process _process;
    private readonly string _folder;

    private S3Server(Process process, string folder, int port, string bucket) => (_process, _folder, Port, Bucket) = (process, folder, port, bucket);

    public int Port { get; }
    public string Bucket { get; }
    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    /// <summary>The storage a registry under <paramref name="rootDirectory"/> of the bucket uses.</summary>
    public S3Storage Storage(string rootDirectory) => new(Endpoint, Bucket, rootDirectory, AccessKey, SecretKey);

    /// <summary>Object GETs the server answered 503 SlowDown (see <c>slowDownEvery</c>).</summary>
    public int SlowDowns => _slowDowns;

    private int _slowDowns, _cuts, _resumes;

    /// <summary>Object GETs cut short on purpose (see <c>cutAfterBytes</c>), and GETs that asked for the rest of one.</summary>
    public int Cuts => _cuts;
    public int Resumes => _resumes;

    /// <param name="slowDownEvery">Answers every Nth object GET with 503 SlowDown, as a throttled store does.</param>
    /// <param name="cutAfterBytes">Drops the connection after this many bytes of the first whole GET of each larger object.</param>
    public static async Task<S3Server> StartAsync(string bucket = "registry", int? slowDownEvery = null, int? cutAfterBytes = null)
    {
        var folder = Directory.CreateTempSubdirectory("s3-").FullName;
        var port = FreePort.Next();
        var info = new ProcessStartInfo("node", [Script, folder, port.ToString(), bucket])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        if (slowDownEvery is { } every) info.Environment["S3_SLOWDOWN_EVERY"] = every.ToString();
        if (cutAfterBytes is { } cut) info.Environment["S3_CUT_AFTER_BYTES"] = cut.ToString();
        var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        var server = new S3Server(process, folder, port, bucket);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.StartsWith("SLOWDOWN", StringComparison.Ordinal) == true) Interlocked.Increment(ref server._slowDowns);
            if (line.Data?.StartsWith("CUT", StringComparison.Ordinal) == true) Interlocked.Increment(ref server._cuts);
            if (line.Data?.StartsWith("RESUME", StringComparison.Ordinal) == true) Interlocked.Increment(ref server._resumes);
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"the S3 server exited with code {process.ExitCode}");
            try
            {
                using var response = await http.GetAsync(new Uri(server.Endpoint, bucket));
                if (response.IsSuccessStatusCode) return server;
            }
            catch (HttpRequestException) { }
            await Task.Delay(50);
        }
        await server.DisposeAsync();
        throw new TimeoutException($"the S3 server did not answer on {server.Endpoint} within 20 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private static string Script =>
        RepositoryFiles.Find("tests/Registry.Testing/s3/node_modules/s3rver/package.json") is not null
            ? RepositoryFiles.Find("tests/Registry.Testing/s3/s3rver-plus.js")!
            : throw new FileNotFoundException("the S3 test server is not installed: run ./scripts/test, or npm ci in tests/Registry.Testing/s3");
}
