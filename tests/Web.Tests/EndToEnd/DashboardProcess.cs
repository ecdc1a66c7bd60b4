using System.Diagnostics;
using Registry.Testing;

namespace Web.Tests.EndToEnd;

/// <summary>The dashboard as a user runs it: its own process (<c>dotnet Web.dll</c>), on a free port, with its own data
/// folder (or one shared with other instances, which it then leaves in place). Can be killed and started again on the same data. Starts with an admin password and an API token in its
/// environment, and keeps everything it logs (<see cref="Output"/>) so a test can search it.</summary>
public sealed class DashboardProcess : IAsyncDisposable
{
    public const string AdminPassword = "e2e-Admin-pw-5521";
    public const string ApiToken = "rhd_e2e-token-9f8e7d6c5b4a";

    private Process? _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
    private readonly bool _ownsDataFolder;
    private ReadableAppCopy? _appCopy;

    public DashboardProcess(string? sharedDataFolder = null)
    {
        Port = FreePort.Next();
        _ownsDataFolder = sharedDataFolder is null;
        DataFolder = sharedDataFolder ?? Directory.CreateTempSubdirectory("dashboard-e2e-").FullName;
    }

    public int Port { get; }
    public string DataFolder { get; }
    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    /// <summary>The account to run the app as (through <c>runuser</c>, so the tests must run as root), or null for the
    /// tests' own. Root reads and writes every file whatever its mode; a permission fault is only real for someone else.
    /// The app then runs from a copy of its files everyone may read, and its data folder is opened to everyone.</summary>
    public string? User { get; init; }

    /// <summary>Extra environment for the process, e.g. <c>Hangfire__Storage</c>.</summary>
    public Dictionary<string, string> Environment { get; } = new();

    /// <summary>Every line the process wrote to stdout and stderr, across restarts.</summary>
    public IReadOnlyCollection<string> Output => _output;

    public async Task StartAsync()
    {
        Launch();
        await WaitUntilHealthyAsync();
    }

    /// <summary>Starts the process and returns at once, before it has migrated its database or listens.</summary>
    public void Launch()
    {
        var appFolder = AppFolder();
        string[] app = ["dotnet", Path.Combine(appFolder, "Web.dll"), "--urls", BaseUri.ToString().TrimEnd('/')];
        var info = new ProcessStartInfo(User is null ? app[0] : "runuser", User is null ? app[1..] : ["-u", User, "--", .. app])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = appFolder,
        };
        info.Environment["DASHBOARD_DATA"] = DataFolder;
        info.Environment["DASHBOARD_ADMIN_PASSWORD"] = AdminPassword;
        info.Environment["DASHBOARD_API_TOKEN"] = ApiToken;
        foreach (var (name, value) in Environment) info.Environment[name] = value;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    // Made once and kept across restarts, like the data folder.
    private string AppFolder()
    {
        if (User is null || !OperatingSystem.IsLinux()) return AppContext.BaseDirectory;
        if (_appCopy is null)
        {
            _appCopy = ReadableAppCopy.Create();
            File.SetUnixFileMode(DataFolder, (UnixFileMode)0b111_111_111);
        }
        return _appCopy.Folder;
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"the dashboard exited with code {_process.ExitCode}:\n{string.Join("\n", _output.TakeLast(30))}");
            try
            {
                if ((await http.GetAsync(new Uri(BaseUri, "healthz"))).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the dashboard did not answer /healthz within 60 s:\n{string.Join("\n", _output.TakeLast(30))}");
    }

    /// <summary>A crash: Process.Kill sends SIGKILL on Linux, so nothing in the app gets to clean up.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Task.Yield();
        if (OperatingSystem.IsLinux()) _appCopy?.Dispose();
        if (!_ownsDataFolder) return;
        try { Directory.Delete(DataFolder, true); } catch (IOException) { }
    }
}
