using Migration.Engine.Sources;
using Migration.Engine;
using Migration.Engine.Inventory;

namespace Migration.Cli.Commands;

/// <summary><c>scan --source SRC [--json] [--deep] [--output FILE]</c>: the inventory, as a summary or as JSON.</summary>
internal static class ScanCommand
{
    public static readonly CliVerb Verb = new("scan", "--source SRC [options]", """
        What the source holds: repositories, tags, untagged manifests, sizes and problems.
        Blobs shared between images are counted once, and the bytes that sharing saves are shown.
        Exit codes: 0 scanned, 2 a usage or configuration error (not a registry folder, wrong password).
        """, [
        Endpoints.SourceOptions,
        Endpoints.TlsOptions,
        new("output", [
            CliOption.Flag("--json", "write the inventory as JSON (docs/json.md) rather than a summary"),
            new("--output", "FILE", "also write the JSON inventory to FILE"),
            CliOption.Flag("--deep", "also read every blob and check its digest"),
        ]),
    ], RunAsync);

    private static async Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        using var source = Endpoints.OpenSource(args);
        // Streamed: each repository goes out as soon as it is read, and only the summary is kept (issue 11: a million
        // tags in bounded memory).
        var writers = new List<InventoryJsonWriter>();
        await using var file = args.Value("--output") is { } output ? File.Create(output) : null;
        Console.Out.Flush();
        await using var stdout = args.Flag("--json") ? Console.OpenStandardOutput() : null;
        var started = DateTimeOffset.UtcNow;
        foreach (var stream in new[] { file, stdout }.OfType<Stream>())
            writers.Add(new InventoryJsonWriter(stream, source.Description, started, args.Flag("--deep"), source.CanListUntagged));
        var summary = await new Scanner(source).ScanAsync(new ScanOptions { Deep = args.Flag("--deep") }, null, async repository =>
        {
            foreach (var writer in writers) await writer.WriteAsync(repository, cancellationToken);
        }, cancellationToken);
        foreach (var writer in writers)
        {
            await writer.FinishAsync(summary, cancellationToken);
            await writer.DisposeAsync();
        }
        if (stdout is null) PrintSummary(summary);
        // Object storage charges by the request, and listing is slow there: say what the scan cost.
        if (stdout is null && source is StorageImageSource { Requests: { } requests }) Console.WriteLine($"requests     {requests} to the object store");
        return 0;
    }

    private static void PrintSummary(InventorySummary inventory)
    {
        var t = inventory.Totals;
        Console.WriteLine($"source       {inventory.Source}");
        Console.WriteLine($"repositories {t.Repositories}");
        Console.WriteLine($"tags         {t.Tags}");
        Console.WriteLine($"untagged     {(inventory.UntaggedListed ? t.Untagged.ToString() : "(not listable over HTTP)")}");
        Console.WriteLine($"manifests    {t.Manifests}");
        Console.WriteLine($"unique blobs {t.UniqueBlobs}");
        Console.WriteLine($"referenced   {ByteSize.Format(t.ReferencedBytes)}");
        Console.WriteLine($"unique       {ByteSize.Format(t.UniqueBytes)} (sharing saves {ByteSize.Format(t.SharedBytesSaved)})");
        Console.WriteLine($"problems     {t.Problems}");
        foreach (var problem in inventory.Problems) Console.WriteLine($"  [{problem.Code}] {problem.Message}");
    }
}
