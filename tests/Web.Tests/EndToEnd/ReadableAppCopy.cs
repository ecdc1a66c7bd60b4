using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;

namespace Web.Tests.EndToEnd;

/// <summary>
/// The app's files (the test's output folder) in a temporary folder every account may read, for a dashboard run as
/// another user: the output folder itself may sit under a directory only root can enter (a checkout in /root, or one
/// made by <c>mktemp -d</c>). Hard links when the folders share a file system, so it costs no space and no time; a
/// copy otherwise.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ReadableAppCopy : IDisposable
{
    // Playwright's driver (node and its packages, most of the output folder's ~240 MB) drives the browser in the
    // end-to-end tests; the app never loads it.
    private static readonly string[] NotTheApp = [".playwright"];

    private ReadableAppCopy(string folder) => Folder = folder;

    public string Folder { get; }

    public static ReadableAppCopy Create()
    {
        var folder = Directory.CreateTempSubdirectory("dashboard-app-").FullName;
        var entries = Directory.EnumerateFileSystemEntries(AppContext.BaseDirectory)
            .Where(e => !NotTheApp.Contains(Path.GetFileName(e))).ToList();
        if (Copy("-al", entries, folder) != 0)
        {
            // Start again empty: a copy over the links that were made would write through them into the output folder.
            Directory.Delete(folder, true);
            Directory.CreateDirectory(folder);
            if (Copy("-a", entries, folder) is var code and not 0)
                throw new InvalidOperationException($"could not copy the app's files to {folder}: cp exited with {code}");
        }
        CopyStaticWebAssets(folder);
        // With hard links this also opens the output folder's own files for reading, which changes nothing for root.
        OpenToEveryone(folder);
        return new ReadableAppCopy(folder);
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, true); } catch (IOException) { }
    }

    /// <summary>The build's static web assets manifest names the folders where Blazor's and MudBlazor's files lie: the
    /// NuGet cache (under /root) and the source tree, which another account may not enter (the app then stops at
    /// start). They are copied beside the app, and a manifest that names the copies replaces the build's.</summary>
    private static void CopyStaticWebAssets(string folder)
    {
        var manifest = Path.Combine(folder, "Web.staticwebassets.runtime.json");
        if (!File.Exists(manifest)) return;
        var json = JsonNode.Parse(File.ReadAllText(manifest))!;
        var roots = json["ContentRoots"]!.AsArray();
        for (var i = 0; i < roots.Count; i++)
        {
            var copy = Directory.CreateDirectory(Path.Combine(folder, "static-web-assets", i.ToString())).FullName;
            if (Copy("-a", [Path.Combine(roots[i]!.GetValue<string>(), ".")], copy) is var code and not 0)
                throw new InvalidOperationException($"could not copy {roots[i]} to {copy}: cp exited with {code}");
            roots[i] = copy + "/";
        }
        // Maybe a hard link to the build's manifest: a new file, never a write through the link.
        File.Delete(manifest);
        File.WriteAllText(manifest, json.ToJsonString());
    }

    private static int Copy(string mode, IReadOnlyList<string> entries, string to)
    {
        using var cp = Process.Start(new ProcessStartInfo("cp", [mode, .. entries, to]) { RedirectStandardError = true })!;
        cp.StandardError.ReadToEnd();
        cp.WaitForExit();
        return cp.ExitCode;
    }

    private static void OpenToEveryone(string root)
    {
        const UnixFileMode enter = UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(root, File.GetUnixFileMode(root) | enter);
        foreach (var dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(dir, File.GetUnixFileMode(dir) | enter);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.OtherRead);
    }
}
