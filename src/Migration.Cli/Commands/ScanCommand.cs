using Migration.Engine;
using Migration.Engine.Inventory;

namespace Migration.Cli.Commands;

/// <summary><c>scan --source SRC [--json] [--deep] [--output FILE]</c>: the inventory, as a summary or as JSON.</summary>
internal static class ScanCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        var args = CliArguments.Parse(argv, new HashSet<string> { "--source", "--output", "--ca-file" },
            new HashSet<string> { "--json", "--deep", "--insecure", "--allow-http" });
        using var source = Endpoints.OpenSource(args);
        var inventory = await new Scanner(source).ScanAsync(new ScanOptions { Deep = args.Flag("--deep") }, null, cancellationToken);
        if (args.Value("--output") is { } output) EngineJson.WriteFile(output, inventory);
        if (args.Flag("--json"))
        {
            Console.Out.Flush();
            using var stdout = Console.OpenStandardOutput();
            EngineJson.Write(stdout, inventory);
        }
        else PrintSummary(inventory);
        return 0;
    }

    private static void PrintSummary(SourceInventory inventory)
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
