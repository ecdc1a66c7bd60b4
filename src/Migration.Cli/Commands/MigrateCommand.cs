using Migration.Engine;
using Migration.Engine.Copy;

namespace Migration.Cli.Commands;

/// <summary><c>migrate --source SRC --target URL ...</c>: plan, copy, verify, report.</summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        var args = CliArguments.Parse(argv, Selection.ValueOptions.ToHashSet(), Selection.FlagOptions.Append("--dry-run").ToHashSet());
        var options = new CopyOptions
        {
            Concurrency = args.Int("--concurrency", 1) ?? new CopyOptions().Concurrency,
            IncludeUntagged = args.Flag("--include-untagged"),
            DryRun = args.Flag("--dry-run"),
        };
        using var source = Endpoints.OpenSource(args);
        using var target = Endpoints.OpenTarget(args);
        await target.PingAsync(cancellationToken);
        var (_, items) = await Selection.LoadAsync(source, args, cancellationToken);

        MigrationReport report;
        using (var progress = new ConsoleProgress(Console.Out, live: !Console.IsOutputRedirected))
            report = await new MigrationRunner(source, target, options).RunAsync(items, progress, cancellationToken);

        Print(report);
        if (args.Value("--report") is { } file) EngineJson.WriteFile(file, report);
        return report.Succeeded ? 0 : 1;
    }

    private static void Print(MigrationReport report)
    {
        var t = report.Totals;
        if (report.DryRun)
        {
            Console.WriteLine("dry run: nothing was sent");
            return;
        }
        Console.WriteLine($"images: {t.ImagesCopied} copied, {t.ImagesAlreadyPresent} already there, {t.ImagesFailed} failed, of {t.Images}");
        Console.WriteLine($"blobs: {t.BlobsUploaded} uploaded ({Units.Bytes(t.BytesUploaded)}), {t.BlobsMounted} mounted, {t.BlobsSkipped} skipped; {report.DurationSeconds:0.0} s");
        foreach (var failed in report.Images.Where(i => i.Status == ImageStatus.Failed)) Console.WriteLine($"  failed: {failed.Error}");
        VerifyCommand.Print(report.Verification!);
    }
}
