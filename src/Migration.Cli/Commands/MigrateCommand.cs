using Migration.Engine;
using Migration.Engine.Copy;
using Migration.Engine.Harbor;
using Migration.Engine.Link;
using Migration.Engine.Plan;
using Migration.Engine.Run;
using Migration.Engine.Verify;

namespace Migration.Cli.Commands;

/// <summary><c>migrate --source SRC --target URL ...</c>: plan, copy, verify, report.</summary>
internal static class MigrateCommand
{
    public static readonly CliVerb Verb = new("migrate", "--source SRC --target URL [options]", """
        Copy the selected images to the target, then verify them.
        A run that stopped can be started again: what the target already holds is skipped.
        Exit codes: 0 everything copied and verified, 1 some images failed (each is listed), 2 a usage or
        configuration error (bad option, unreachable host, wrong password, not a registry folder).
        """, [
        Endpoints.SourceOptions,
        Endpoints.TargetOptions,
        Endpoints.TlsOptions,
        Selection.Naming,
        Selection.Repositories,
        Selection.Images,
        new("copying", [
            .. Selection.Copying,
            CliOption.Flag("--dry-run", "print the plan (images; blobs to upload, mount or skip; bytes) and stop"),
            Selection.Report,
        ]),
        new("Harbor", [
            CliOption.Flag("--harbor", "the target is Harbor: check the login first, plan its projects, verify through its API"),
            CliOption.Flag("--create-projects", "with --harbor: create the missing projects before copying"),
            .. HarborSetup.CreateOptions,
        ]),
        SyncArguments.Options,
    ], RunAsync);

    private static async Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var sync = SyncArguments.From(args);
        var options = new CopyOptions
        {
            Concurrency = args.Int("--concurrency", 1) ?? new CopyOptions().Concurrency,
            IncludeUntagged = args.Flag("--include-untagged"),
            DryRun = args.Flag("--dry-run"),
            ChunkThreshold = (args.Int("--chunk-threshold-mib", 1) is { } mib ? mib : new CopyOptions().ChunkThreshold >> 20) << 20,
        };
        // One link for every batch: the limit found and the cap carry over.
        using var link = new LinkGovernor(options.Concurrency, MaxRate(args));
        options = options with { Link = link };
        using var source = Endpoints.OpenSource(args);
        using var target = Endpoints.OpenTarget(args);
        HarborClient? harbor = null;
        if (args.Flag("--harbor")) (harbor, _) = await HarborSetup.ConnectAsync(target, cancellationToken);
        else if (args.Flag("--create-projects")) throw new UsageException("--create-projects needs --harbor");
        using var harborLease = harbor;
        var filter = Selection.Filter(args);
        Selection.NoteUntagged(filter, source);

        // Selected while the source is scanned, copied in batches of whole repositories: a registry of any size in
        // bounded memory, a small one in one batch. Blobs placed by one batch are mounted by the next (one placements).
        var started = DateTimeOffset.UtcNow;
        var parts = new List<MigrationReport>();
        var placements = new InProcessBlobPlacements();
        var inspector = harbor is null ? null : new HarborTargetInspector(harbor, target);
        // The target is asked while the source is read: on a long link its round trips cost as much as the scan.
        var ping = target.PingAsync(cancellationToken);
        using (var progress = new ConsoleProgress(Console.Out, live: !Console.IsOutputRedirected))
        {
            await new StreamedSelection(source, filter, Selection.Mapper(args)).RunAsync(async batch =>
            {
                var items = batch;
                sync.Observe(items);
                // Projects first, then tokens: Harbor rejects tokens issued before a project existed (docs/harbor.md#token-service).
                if (harbor is not null)
                {
                    var plan = await HarborSetup.PlanAsync(harbor, items.Select(i => i.SourceRepository).Distinct(), args,
                        args.Flag("--create-projects") && !options.DryRun, cancellationToken);
                    HarborSetup.Print(plan);
                    items = plan.Apply(items);
                }
                await ping;
                parts.Add(await new MigrationRunner(source, target, options, inspector, placements).RunAsync(items, progress, cancellationToken));
            }, cancellationToken);
        }
        var (delta, deletions) = await sync.FinishAsync(harbor, options.DryRun, cancellationToken);
        var report = (parts.Count == 1 ? parts[0] : MigrationReport.Combine(source.Description, target.Connection.BaseUri.ToString(), started,
            DateTimeOffset.UtcNow, parts, options.DryRun ? null : new VerificationReport(parts.SelectMany(p => p.Verification?.Entries ?? []).ToList()), []))
            with { DryRun = options.DryRun, Delta = delta, Deletions = deletions };

        Print(report);
        if (args.Value("--report") is { } file) EngineJson.WriteFile(file, report);
        return report.Succeeded ? 0 : 1;
    }

    private static long? MaxRate(CliArguments args)
    {
        if (args.Value("--max-rate") is not { } text) return null;
        if (!ByteSize.TryParse(text, out var bytes) || bytes <= 0)
            throw new UsageException($"--max-rate '{text}' is not a rate; give bytes a second such as 50MiB, 100MB or 20m");
        return bytes;
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
