using Migration.Cli;
using Migration.Cli.Commands;
using Migration.Engine.Oci;
using Migration.Engine.Registry;
using Migration.Engine.Sources;

return await CliApp.RunAsync(args);

namespace Migration.Cli
{
    internal static class CliApp
    {
        private const string Usage = """
            usage: registry-migrate <verb> [options]
              scan    --source SRC [--json] [--deep] [--output FILE]
              migrate --source SRC --target URL [--include-untagged] [--concurrency MAX] [--max-rate 50MiB] [--map from=to]...
                      [--default-namespace NS] [--include GLOB]... [--exclude GLOB]... [--tags REGEX] [--latest N]
                      [--schema1 convert|skip] [--include-dangling-tags] [--dry-run] [--report FILE] [--insecure] [--ca-file PEM] [--harbor [--create-projects] [--public] [--storage-limit BYTES]]
                      [--since-report FILE [--mirror-deletions [--confirm-deletions]]]   a sync: prints what changed since that run's report
              verify  --source SRC --target URL [--include-untagged] [--report FILE] (and the selection options of migrate)
              projects --source SRC --target HARBOR_URL [--create] [--public] [--storage-limit BYTES] [--json] [--map from=to]...
            SRC is a registry storage folder, a .tar of one, http(s)://host[:port], or s3://bucket/rootdirectory
              (with --s3-endpoint URL, --s3-region R, --s3-path-style; keys from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).
            Credentials come from SOURCE_USERNAME, SOURCE_PASSWORD, TARGET_USERNAME and TARGET_PASSWORD.
            Exit codes: 0 all good, 1 some images failed, 2 usage or configuration error.
            """;

        public static async Task<int> RunAsync(string[] args)
        {
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            try
            {
                var rest = args.Skip(1).ToList();
                return args.FirstOrDefault() switch
                {
                    "scan" => await ScanCommand.RunAsync(rest, cancel.Token),
                    "migrate" => await MigrateCommand.RunAsync(rest, cancel.Token),
                    "verify" => await VerifyCommand.RunAsync(rest, cancel.Token),
                    "projects" => await ProjectsCommand.RunAsync(rest, cancel.Token),
                    "help" or "--help" or "-h" => Help(0),
                    _ => throw new UsageException(args.Length == 0 ? "no verb given" : $"unknown verb '{args[0]}'"),
                };
            }
            catch (UsageException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return Help(2);
            }
            catch (Exception ex) when (ex is SourceException or RegistryException or MalformedManifestException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 2;
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                Console.Error.WriteLine("cancelled; run the same command again to pick up where it stopped");
                return 130;
            }
        }

        private static int Help(int code)
        {
            (code == 0 ? Console.Out : Console.Error).WriteLine(Usage);
            return code;
        }
    }
}
