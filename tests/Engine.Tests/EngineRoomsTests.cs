using System.Text.RegularExpressions;

namespace Engine.Tests;

/// <summary>
/// The engine's rooms follow the data's path, Sources → Inventory → Plan → Copy → Verify, with Run above them and Oci,
/// Registry and Harbor as the parts they use (docs/architecture.md). A room may use only the rooms listed here, so no
/// loop can come back; and the engine's messages, which dashboard users read too, name no CLI flag.
/// </summary>
public sealed partial class EngineRoomsTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Oci"] = [],
        ["Link"] = [],
        ["Registry"] = ["Oci", "Link"],
        ["Harbor"] = ["Oci", "Registry"],
        ["Sources"] = ["Oci", "Registry"],
        ["Inventory"] = ["Oci", "Sources"],
        ["Plan"] = ["Oci", "Link", "Registry", "Harbor", "Sources", "Inventory"],
        ["Copy"] = ["Oci", "Link", "Registry", "Sources", "Plan"],
        ["Verify"] = ["Oci", "Link", "Registry", "Plan"],
        ["Run"] = ["Oci", "Link", "Registry", "Harbor", "Sources", "Inventory", "Plan", "Copy", "Verify"],
    };

    [GeneratedRegex(@"\bMigration\.Engine\.(\w+)")]
    private static partial Regex EngineNamespace();

    [GeneratedRegex(@"""[^""\n]*\s--[a-z][a-z-]+[^""\n]*""")]
    private static partial Regex FlagInString();

    [Fact]
    public void EachRoom_UsesOnlyTheRoomsBeforeIt()
    {
        var breaches = new List<string>();
        foreach (var file in EngineFiles())
        {
            var room = RoomOf(file);
            if (room is null) continue;
            Assert.True(Allowed.ContainsKey(room), $"{file}: room '{room}' is not in the room list; add it here and to docs/architecture.md");
            var text = File.ReadAllText(file);
            foreach (var used in EngineNamespace().Matches(text).Select(m => m.Groups[1].Value).Distinct())
            {
                if (used != room && Allowed.ContainsKey(used) && !Allowed[room].Contains(used))
                    breaches.Add($"{Path.GetRelativePath(EngineRoot, file)} ({room}) uses {used}");
            }
        }
        Assert.Empty(breaches);
    }

    [Fact]
    public void EngineMessages_NameNoCommandLineFlag()
    {
        var flags = EngineFiles().SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, i)))
            .Where(l => !l.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && FlagInString().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(EngineRoot, l.file)}:{l.i + 1}: {l.line.Trim()}").ToList();
        Assert.Empty(flags);
    }

    private static string EngineRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dashboard.sln"))) dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("Dashboard.sln not found above the test output"), "src", "Migration.Engine");
        }
    }

    private static IEnumerable<string> EngineFiles() =>
        Directory.EnumerateFiles(EngineRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    private static string? RoomOf(string file)
    {
        var relative = Path.GetRelativePath(EngineRoot, file).Split(Path.DirectorySeparatorChar);
        return relative.Length > 1 ? relative[0] : null;
    }
}
