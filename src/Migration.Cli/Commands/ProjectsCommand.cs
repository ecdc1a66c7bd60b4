using Migration.Engine;
using Migration.Engine.Harbor;
using Migration.Engine.Plan;

namespace Migration.Cli.Commands;

/// <summary><c>projects --source SRC --target URL [--create] [--public] [--storage-limit BYTES] [--json]</c>:
/// which Harbor projects the source needs, and whether each exists.</summary>
internal static class ProjectsCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        var args = CliArguments.Parse(argv, Selection.ValueOptions.Concat(HarborSetup.ValueOptions).ToHashSet(),
            Selection.FlagOptions.Concat(HarborSetup.FlagOptions).Append("--create").Append("--json").ToHashSet());
        using var source = Endpoints.OpenSource(args);
        using var target = Endpoints.OpenTarget(args);
        var (harbor, identity) = await HarborSetup.ConnectAsync(target, cancellationToken);
        using (harbor)
        {
            var filter = Selection.Filter(args);
            var repositories = (await source.ListRepositoriesAsync(cancellationToken))
                .Where(r => Migration.Engine.Oci.RepositoryName.IsValid(r) && filter.MatchesRepository(r));
            var plan = await HarborSetup.PlanAsync(harbor, repositories, args, args.Flag("--create"), cancellationToken);
            if (args.Flag("--json")) Console.WriteLine(EngineJson.Serialize(plan));
            else
            {
                Console.WriteLine($"Harbor {target.Connection.Host} as {(identity.IsRobot ? "robot" : "user")} '{identity.Name}'");
                HarborSetup.Print(plan);
            }
            return plan.Missing + plan.Invalid == 0 ? 0 : 1;
        }
    }
}
