using System.Diagnostics;

namespace Registry.Testing;

/// <summary>
/// A private PostgreSQL cluster from Debian's <c>postgresql</c> package for one test: <c>initdb</c> into a temp folder
/// with trust auth, then <c>postgres</c> on a free loopback port with its socket in that folder. PostgreSQL refuses to
/// run as root, so as root every binary runs as the package's <c>postgres</c> user (<c>runuser</c>); no service
/// manager is needed. Stopped and deleted on dispose.
/// </summary>
public sealed class PostgresProcess : IAsyncDisposable
{
    private const string PackageRoot = "/usr/lib/postgresql";
    private const string User = "postgres";

    private readonly string _bin;
    private readonly string _folder;
    private Process? _server;

    private PostgresProcess(string bin)
    {
        _bin = bin;
        _folder = Directory.CreateTempSubdirectory("postgres-").FullName;
        Port = FreePort.Next();
    }

    public int Port { get; }

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>Everything the server said, for a failure message.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Output { get; } = new();

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username={User};Database={database}";

    public static async Task<PostgresProcess> StartAsync()
    {
        var postgres = new PostgresProcess(FindBinaries());
        try
        {
            await postgres.StartServerAsync();
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
        return postgres;
    }

    public async Task CreateDatabaseAsync(string name) =>
        await RunAsync(Path.Combine(_bin, "createdb"), "-h", "127.0.0.1", "-p", Port.ToString(), "-U", User, name);

    public async ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            // A fast shutdown lets the server remove its socket, lock file and shared memory.
            try
            {
                await RunAsync(Path.Combine(_bin, "pg_ctl"), "stop", "-D", DataFolder, "-m", "fast", "-w", "-t", "10");
            }
            catch (InvalidOperationException) { }
            if (!_server.HasExited) _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        }
        _server?.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string FindBinaries()
    {
        var bin = Directory.Exists(PackageRoot)
            ? Directory.GetDirectories(PackageRoot).Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "postgres")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            $"PostgreSQL server binaries (initdb, postgres) were not found under {PackageRoot}/*/bin. Install them with " +
            "`apt-get install -y postgresql` (scripts/test does this on a fresh machine).");
    }

    private async Task StartServerAsync()
    {
        if (Environment.UserName == "root" && !File.Exists("/usr/sbin/runuser"))
            throw new InvalidOperationException("running as root, PostgreSQL needs runuser (util-linux) to start as the postgres user");
        if (Environment.UserName == "root") await RunAsync("chown", ["-R", $"{User}:", _folder], asPostgres: false);
        await RunAsync(Path.Combine(_bin, "initdb"), "-D", DataFolder, "-U", User, "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions");
        // fsync off: a test cluster is thrown away, and the disk is shared with everything else on the machine.
        _server = Process.Start(Start(Path.Combine(_bin, "postgres"), ["-D", DataFolder, "-k", _folder, "-p", Port.ToString(), "-h", "127.0.0.1",
            "-F", "-c", "max_connections=200", "-c", "shared_buffers=32MB"]))
            ?? throw new InvalidOperationException("postgres did not start");
        _server.OutputDataReceived += (_, e) => { if (e.Data is not null) Output.Enqueue(e.Data); };
        _server.ErrorDataReceived += (_, e) => { if (e.Data is not null) Output.Enqueue(e.Data); };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_server.HasExited)
                throw new InvalidOperationException($"postgres exited with code {_server.ExitCode}:\n{string.Join("\n", Output)}");
            try
            {
                await RunAsync(Path.Combine(_bin, "pg_isready"), "-q", "-h", "127.0.0.1", "-p", Port.ToString());
                return;
            }
            catch (InvalidOperationException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"postgres did not accept connections on 127.0.0.1:{Port} within 30 s:\n{string.Join("\n", Output)}");
    }

    private Task RunAsync(string file, params string[] arguments) => RunAsync(file, arguments, asPostgres: true);

    private static async Task RunAsync(string file, string[] arguments, bool asPostgres)
    {
        using var process = Process.Start(asPostgres ? Start(file, arguments) : new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr}{await stdout}");
    }

    /// <summary>As root the binary runs as the postgres user; otherwise as whoever runs the tests.</summary>
    private static ProcessStartInfo Start(string file, IEnumerable<string> arguments)
    {
        var info = Environment.UserName == "root"
            ? new ProcessStartInfo("/usr/sbin/runuser", ["-u", User, "--", file, .. arguments])
            : new ProcessStartInfo(file, arguments);
        (info.RedirectStandardOutput, info.RedirectStandardError, info.UseShellExecute) = (true, true, false);
        // initdb and postgres refuse a working folder the postgres user cannot enter, such as /root.
        info.WorkingDirectory = "/tmp";
        return info;
    }
}
