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
    public static Task<Result> RunAsUserAsync(string user, params string[] args) =>
        StartAsync(new ProcessStartInfo("runuser", ["-u", user, "--", "dotnet", Dll, .. args]), null);

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
