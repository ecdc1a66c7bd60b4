using Migration.Engine;
using Migration.Engine.Plan;
using Migration.Engine.Verify;

namespace Migration.Cli.Commands;

/// <summary><c>verify --source SRC --target URL [--include-untagged] [--report FILE]</c>.</summary>
internal static class VerifyCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        var args = CliArguments.Parse(argv, Selection.ValueOptions.ToHashSet(), Selection.FlagOptions.ToHashSet());
        using var source = Endpoints.OpenSource(args);
        using var target = Endpoints.OpenTarget(args);
        await target.PingAsync(cancellationToken);
        var filter = Selection.Filter(args);
        Selection.NoteUntagged(filter, source);
        // Checked a batch of whole repositories at a time while the source is scanned: bounded memory at any size.
        var entries = new List<VerifyEntry>();
        await new StreamedSelection(source, filter, Selection.Mapper(args)).RunAsync(async items =>
            entries.AddRange((await new Verifier(target).VerifyAsync(items, cancellationToken)).Entries), cancellationToken);
        var report = new VerificationReport(entries);
        Print(report);
        if (args.Value("--report") is { } file) EngineJson.WriteFile(file, report);
        return report.Passed ? 0 : 1;
    }

    public static void Print(VerificationReport report)
    {
        Console.WriteLine($"verify: {report.Summary}");
        foreach (var entry in report.Problems) Console.WriteLine($"  {System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(entry.Status.ToString())}: {entry.Detail}");
        Console.WriteLine(report.Passed ? "verification passed" : "verification FAILED");
    }
}
