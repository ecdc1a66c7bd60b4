using System.Diagnostics;

namespace Engine.Tests.Cli;

/// <summary>Runs the real CLI (registry-migrate.dll, built next to the tests) as a separate process.</summary>
public static class CliRunner
{
    public sealed record Result(int Code, string Out, string Err);

    public static Task<Result> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        StartAsync(new ProcessStartInfo("dotnet", [Dll, .. args]), environment);

    /// <summary>Runs the CLI as another account (needs root): root reads every file whatever its mode, so permission
    /// faults are only real for someone else.</summary>
    /// <summary>Runs the CLI as another user, from a copy everyone may read: the test's own output folder may sit
    /// under a directory only root can enter (a checkout in /root, or one made by <c>mktemp -d</c>).</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public static async Task<Result> RunAsUserAsync(string user, params string[] args)
    {
        var copy = Directory.CreateTempSubdirectory("registry-migrate-cli-");
        try
        {
            File.SetUnixFileMode(copy.FullName, (UnixFileMode)0b111_101_101);
            foreach (var file in CliFiles())
            {
                var to = Path.Combine(copy.FullName, Path.GetFileName(file));
                File.Copy(file, to);
                File.SetUnixFileMode(to, (UnixFileMode)0b110_100_100);
            }
            return await StartAsync(new ProcessStartInfo("runuser", ["-u", user, "--", "dotnet", Path.Combine(copy.FullName, Path.GetFileName(Dll)), .. args]), null);
        }
        finally
        {
            copy.Delete(true);
        }
    }

    // The CLI and the assemblies its deps.json names, those the build put beside it (the host finds the rest itself).
    private static IEnumerable<string> CliFiles() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "registry-migrate.*")
            .Concat(new[] { "Migration.Engine.dll", "Microsoft.Extensions.DependencyInjection.Abstractions.dll", "Microsoft.Extensions.Logging.Abstractions.dll" }
                .Select(name => Path.Combine(AppContext.BaseDirectory, name)).Where(File.Exists));

    private static string Dll => Path.Combine(AppContext.BaseDirectory, "registry-migrate.dll");

    private static async Task<Result> StartAsync(ProcessStartInfo info, IReadOnlyDictionary<string, string>? environment)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        foreach (var name in new[] { "SOURCE_USERNAME", "SOURCE_PASSWORD", "TARGET_USERNAME", "TARGET_PASSWORD" }) info.Environment.Remove(name);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
