using System.Diagnostics;

namespace Registry.Testing;

/// <summary>
/// A real Docker Distribution (Debian's docker-registry 2.8) on a free loopback port with its own storage folder.
/// Everything a test reads as "a registry's storage" was written by this process through the HTTP API.
/// </summary>
public sealed class RegistryProcess : IAsyncDisposable
{
    public const string Binary = "docker-registry";

    private readonly RegistryProcessOptions _options;
    private readonly string _workDir;
    private readonly bool _ownsStorage;
    private Process? _process;

    private RegistryProcess(RegistryProcessOptions options)
    {
        _options = options;
        _workDir = Directory.CreateTempSubdirectory("registry-").FullName;
        _ownsStorage = options.StorageRoot is null;
        StorageRoot = options.StorageRoot ?? Path.Combine(_workDir, "storage");
        Directory.CreateDirectory(StorageRoot);
        Port = options.Port ?? FreePort.Next();
    }

    /// <summary>The registry's rootdirectory: it holds docker/registry/v2.</summary>
    public string StorageRoot { get; }

    public int Port { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    public string HostPort => $"127.0.0.1:{Port}";

    public static async Task<RegistryProcess> StartAsync(RegistryProcessOptions? options = null)
    {
        var registry = new RegistryProcess(options ?? new RegistryProcessOptions());
        await registry.StartProcessAsync();
        return registry;
    }

    /// <summary>Kills the process and starts it again on the same port and storage.</summary>
    public async Task RestartAsync(TimeSpan? downtime = null)
    {
        Stop();
        if (downtime is { } d) await Task.Delay(d);
        await StartProcessAsync();
    }

    /// <summary>Stops the registry, runs its own <c>garbage-collect --delete-untagged</c> on the storage, and starts it
    /// again: what an operator does to reclaim space.</summary>
    public async Task GarbageCollectAsync()
    {
        Stop();
        var info = new ProcessStartInfo(_options.Binary ?? Binary, ["garbage-collect", "--delete-untagged", Path.Combine(_workDir, "config.yml")])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        using (var gc = Process.Start(info) ?? throw new InvalidOperationException("docker-registry garbage-collect did not start"))
        {
            var output = gc.StandardOutput.ReadToEndAsync();
            var errors = gc.StandardError.ReadToEndAsync();
            await gc.WaitForExitAsync();
            if (gc.ExitCode != 0) throw new InvalidOperationException($"garbage-collect exited with {gc.ExitCode}: {await errors}{await output}");
        }
        await StartProcessAsync();
    }

    public void Stop()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.WaitForExit(5000);
        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        await Task.Yield();
        try
        {
            Directory.Delete(_workDir, recursive: true);
            if (!_ownsStorage) return;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private async Task StartProcessAsync()
    {
        var config = Path.Combine(_workDir, "config.yml");
        await File.WriteAllTextAsync(config, Config());
        var info = new ProcessStartInfo(_options.Binary ?? Binary, ["serve", config])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // The s3 driver refuses to start when AWS_CA_BUNDLE is set (LoadCustomCABundleError with its own transport),
        // and this machine sets it; the registry talks plain HTTP to the loopback store anyway.
        info.Environment.Remove("AWS_CA_BUNDLE");
        _process = Process.Start(info) ?? throw new InvalidOperationException("docker-registry did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"docker-registry exited with code {_process.ExitCode}");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseUri, "v2/"));
                return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(50);
        }
        throw new TimeoutException($"docker-registry did not answer on {BaseUri} within 20 s");
    }

    // The filesystem under StorageRoot, or a bucket: blobs then stream through the registry, not by redirect.
    private string Driver() => _options.S3 is { } s3
        ? $"s3: {{accesskey: {s3.AccessKey}, secretkey: {s3.SecretKey}, region: us-east-1, regionendpoint: \"{s3.Endpoint}\", " +
          $"bucket: {s3.Bucket}, rootdirectory: {s3.RootDirectory}, secure: false, v4auth: true, chunksize: 5242880}}\n  redirect: {{disable: true}}"
        : $"filesystem: {{rootdirectory: {StorageRoot}}}";

    private string Config()
    {
        var auth = "";
        if (_options.Htpasswd is { } account)
        {
            var file = Path.Combine(_workDir, "htpasswd");
            File.WriteAllText(file, $"{account.User}:{BCrypt.Net.BCrypt.HashPassword(account.Password, BCrypt.Net.BCrypt.GenerateSalt(5))}\n");
            auth = $"auth: {{htpasswd: {{realm: basic-realm, path: {file}}}}}\n";
        }
        else if (_options.TokenIssuer is { } issuer)
        {
            auth = $"auth: {{token: {{realm: {issuer.Realm}, service: {issuer.Service}, issuer: {issuer.Issuer}, rootcertbundle: {issuer.CertificatePath}}}}}\n";
        }
        return $$$"""
            version: 0.1
            log: {level: error, accesslog: {disabled: true}}
            storage:
              {{{Driver()}}}
              delete: {enabled: true}
              maintenance: {uploadpurging: {enabled: false}, readonly: {enabled: {{{(_options.ReadOnly ? "true" : "false")}}}}}
            http: {addr: 127.0.0.1:{{{Port}}}}
            {{{(_options.AcceptSchema1 ? "compatibility: {schema1: {enabled: true}}" : "")}}}
            {{{(_options.AllowForeignLayers ? "validation: {manifests: {urls: {allow: ['^https?://']}}}" : "")}}}
            {{{auth}}}
            """;
    }
}
