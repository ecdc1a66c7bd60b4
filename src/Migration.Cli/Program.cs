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
        public static readonly IReadOnlyList<CliVerb> Verbs = [ScanCommand.Verb, MigrateCommand.Verb, VerifyCommand.Verb, ProjectsCommand.Verb];

        public static async Task<int> RunAsync(string[] args)
        {
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            CliVerb? verb = null;
            try
            {
                if (args.Length == 0) throw new UsageException("no verb given");
                if (args[0] is "help" or "--help" or "-h") return Help(args.ElementAtOrDefault(1));
                verb = Find(args[0]);
                var parsed = CliArguments.Parse(args[1..], verb.Options);
                return parsed.HelpRequested ? Help(verb.Name) : await verb.RunAsync(parsed, cancel.Token);
            }
            catch (UsageException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                // A verb's whole help would bury the one line that matters; the list of verbs is short.
                Console.Error.WriteLine(verb is null ? CliHelp.ForAll(Verbs) : $"'{CliHelp.Program} {verb.Name} --help' lists its options");
                return 2;
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

        /// <summary>Help asked for is output, not an error: stdout, exit code 0.</summary>
        private static int Help(string? verb)
        {
            Console.Out.Write(verb is null ? CliHelp.ForAll(Verbs) : CliHelp.ForVerb(Find(verb)));
            return 0;
        }

        private static CliVerb Find(string name) =>
            Verbs.FirstOrDefault(v => v.Name == name) ?? throw new UsageException($"unknown verb '{name}'");
    }
}
