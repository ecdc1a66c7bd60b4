using System.Diagnostics;

namespace Engine.Tests.Cli;

/// <summary>Runs the real CLI (registry-migrate.dll, built next to the tests) as a separate process.</summary>
public static class CliRunner
{
    public sealed record Result(int Code, string Out, string Err);

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "registry-migrate.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in new[] { "SOURCE_USERNAME", "SOURCE_PASSWORD", "TARGET_USERNAME", "TARGET_PASSWORD" }) info.Environment.Remove(name);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
