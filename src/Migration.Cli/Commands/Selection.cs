using Migration.Engine.Copy;
using Migration.Engine.Inventory;
using Migration.Engine.Plan;
using Migration.Engine.Sources;
using Migration.Engine.Run;

namespace Migration.Cli.Commands;

/// <summary>The options migrate and verify share: what to take from the source and what to call it on the target.</summary>
internal static class Selection
{
    public static readonly string[] ValueOptions = ["--source", "--target", "--map", "--include", "--exclude", "--tags", "--latest",
        "--default-namespace", "--ca-file", "--report", "--concurrency", "--max-rate", "--chunk-threshold-mib", "--schema1", .. Endpoints.S3ValueOptions];

    public static readonly string[] FlagOptions = ["--include-untagged", "--include-dangling-tags", "--insecure", "--allow-http", .. Endpoints.S3FlagOptions];

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
