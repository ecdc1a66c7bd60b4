using Migration.Engine.Copy;
using Migration.Engine.Inventory;
using Migration.Engine.Plan;
using Migration.Engine.Sources;
using Migration.Engine.Run;

namespace Migration.Cli.Commands;

/// <summary>The options migrate, verify and projects share: what to take from the source and what to call it on the target.</summary>
internal static class Selection
{
    public static readonly CliOptionGroup Naming = new("names on the target", [
        new("--map", "FROM=TO", "rename a prefix, e.g. --map team-a=platform; the longest prefix wins (repeatable)"),
        new("--default-namespace", "NS", "where single-component names go (default: library, so nginx is library/nginx)"),
    ]);

    public static readonly CliOptionGroup Repositories = new("which repositories", [
        new("--include", "GLOB", "only repositories that match; * matches anything, / included (repeatable)"),
        new("--exclude", "GLOB", "leave out repositories that match (repeatable)"),
    ]);

    public static readonly CliOptionGroup Images = new("which images", [
        new("--tags", "REGEX", "only tags that match the whole regular expression"),
        new("--latest", "N", "only the N most recently pushed tags of each repository"),
        CliOption.Flag("--include-untagged", "also untagged manifests, by digest (storage sources only)"),
        CliOption.Flag("--include-dangling-tags", "also tags whose manifest the registry no longer serves"),
        new("--schema1", "convert|skip", "schema1 images: convert to schema2 (the default), or leave them behind"),
    ]);

    public static readonly CliOption[] Copying = [
        new("--concurrency", "MAX", "the most requests in flight at once, an upper bound (default 64)"),
        new("--max-rate", "RATE", "a cap on the bytes sent a second: 50MiB, 100MB, 20m (default: none)"),
        new("--chunk-threshold-mib", "N", "blobs above N MiB go up in chunks that resume (default 256)"),
    ];

    public static readonly CliOption Report = new("--report", "FILE", "also write the outcome as JSON");

    public static ImageFilter Filter(CliArguments args)
    {
        var pattern = args.Value("--tags");
        if (pattern is not null)
        {
            try { _ = new System.Text.RegularExpressions.Regex(pattern); }
            catch (ArgumentException ex) { throw new UsageException($"--tags '{pattern}' is not a valid regular expression: {ex.Message}"); }
        }
        return new ImageFilter
        {
            Include = args.Values("--include"),
            Exclude = args.Values("--exclude"),
            TagPattern = pattern,
            Latest = args.Int("--latest", 1),
            IncludeUntagged = args.Flag("--include-untagged"),
            IncludeDanglingTags = args.Flag("--include-dangling-tags"),
            Schema1 = args.Value("--schema1") switch
            {
                null or "convert" => Schema1Handling.Convert,
                "skip" => Schema1Handling.Skip,
                var other => throw new UsageException($"--schema1 '{other}': use convert (the default) or skip"),
            },
        };
    }

    public static NameMapper Mapper(CliArguments args)
    {
        try
        {
            return new NameMapper(args.Values("--map").Select(NameMapper.ParseRule).ToList(), args.Value("--default-namespace") ?? "library");
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    public static void NoteUntagged(ImageFilter filter, IImageSource source)
    {
        if (filter.IncludeUntagged && !source.CanListUntagged)
            Console.Error.WriteLine("note: an HTTP registry cannot list untagged manifests; only tags are taken. Use the storage folder to include them.");
    }
}
