using System.Diagnostics;

namespace Engine.Tests.Fixtures;

/// <summary>Runs Debian's skopeo as an independent check of what the engine pushed.</summary>
public static class Skopeo
{
    public static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("skopeo", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
