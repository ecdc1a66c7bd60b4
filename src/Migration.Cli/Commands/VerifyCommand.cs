using Migration.Engine;
using Migration.Engine.Plan;
using Migration.Engine.Verify;

namespace Migration.Cli.Commands;

/// <summary><c>verify --source SRC --target URL [options]</c>: is every selected source image on the target?</summary>
internal static class VerifyCommand
{
    public static readonly CliVerb Verb = new("verify", "--source SRC --target URL [options]", """
        Check that the selected source images are on the target.
        Each must have the source's digest (the converted one for schema1), and every index child must be there.
        Exit codes: 0 all there, 1 some missing or different, 2 a usage or configuration error.
        """, [
        Endpoints.SourceOptions,
        Endpoints.TargetOptions,
        Endpoints.TlsOptions,
        Selection.Naming,
        Selection.Repositories,
        Selection.Images,
        new("output", [Selection.Report]),
        // Refusing them would break the habit of re-running a migrate command line as verify.
        new("accepted so that a migrate command line also runs as verify; unused here", Selection.Copying),
    ], RunAsync);

    private static async Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
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
