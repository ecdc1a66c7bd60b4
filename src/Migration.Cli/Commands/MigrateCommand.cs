using Migration.Engine;
using Migration.Engine.Copy;
using Migration.Engine.Harbor;
using Migration.Engine.Plan;
using Migration.Engine.Run;

namespace Migration.Cli.Commands;

/// <summary><c>migrate --source SRC --target URL ...</c>: plan, copy, verify, report.</summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        var args = CliArguments.Parse(argv, Selection.ValueOptions.Concat(HarborSetup.ValueOptions).ToHashSet(),
            Selection.FlagOptions.Concat(HarborSetup.FlagOptions).Concat(["--dry-run", "--harbor", "--create-projects"]).ToHashSet());
        var options = new CopyOptions
        {
            Concurrency = args.Int("--concurrency", 1) ?? new CopyOptions().Concurrency,
            IncludeUntagged = args.Flag("--include-untagged"),
            DryRun = args.Flag("--dry-run"),
            ChunkThreshold = (args.Int("--chunk-threshold-mib", 1) is { } mib ? mib : new CopyOptions().ChunkThreshold >> 20) << 20,
        };
        using var source = Endpoints.OpenSource(args);
        using var target = Endpoints.OpenTarget(args);
        HarborClient? harbor = null;
        if (args.Flag("--harbor")) (harbor, _) = await HarborSetup.ConnectAsync(target, cancellationToken);
        else if (args.Flag("--create-projects")) throw new UsageException("--create-projects needs --harbor");
        using var harborLease = harbor;
        // Projects first, then tokens: Harbor rejects tokens issued before a project existed
        // (docs/harbor.md#token-service).
        var (_, items) = await Selection.LoadAsync(source, args, cancellationToken);
        if (harbor is not null)
        {
            var plan = await HarborSetup.PlanAsync(harbor, items.Select(i => i.SourceRepository).Distinct(), args,
                args.Flag("--create-projects") && !options.DryRun, cancellationToken);
            HarborSetup.Print(plan);
            items = plan.Apply(items);
        }
        await target.PingAsync(cancellationToken);

        MigrationReport report;
        var inspector = harbor is null ? null : new HarborTargetInspector(harbor, target);
        using (var progress = new ConsoleProgress(Console.Out, live: !Console.IsOutputRedirected))
            report = await new MigrationRunner(source, target, options, inspector).RunAsync(items, progress, cancellationToken);

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
        Console.WriteLine($"blobs: {t.BlobsUploaded} uploaded ({ByteSize.Format(t.BytesUploaded)}), {t.BlobsMounted} mounted, {t.BlobsSkipped} skipped; {report.DurationSeconds:0.0} s");
        foreach (var converted in report.Images.Where(i => i.ConvertedFrom is not null))
            Console.WriteLine($"  converted from schema1: {converted.SourceRepository}:{converted.Reference} {converted.ConvertedFrom} → {converted.Digest}");
        foreach (var failed in report.Images.Where(i => i.Status == ImageStatus.Failed)) Console.WriteLine($"  failed: {failed.Error}");
        VerifyCommand.Print(report.Verification!);
    }
}
