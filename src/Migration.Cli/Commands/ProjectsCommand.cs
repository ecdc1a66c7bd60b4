using Migration.Engine;
using Migration.Engine.Harbor;
using Migration.Engine.Plan;

namespace Migration.Cli.Commands;

/// <summary><c>projects --source SRC --target HARBOR_URL [options]</c>: which Harbor projects the source needs, and
/// whether each exists.</summary>
internal static class ProjectsCommand
{
    public static readonly CliVerb Verb = new("projects", "--source SRC --target HARBOR_URL [options]", """
        List the Harbor projects the source needs; --create makes the missing ones.
        Each is marked exists, missing or invalid, with a --map suggested for a name Harbor refuses.
        Exit codes: 0 all exist, 1 some missing or invalid, 2 a usage or configuration error.
        """, [
        Endpoints.SourceOptions,
        Endpoints.TargetOptions,
        Endpoints.TlsOptions,
        Selection.Naming,
        Selection.Repositories,
        new("projects", [CliOption.Flag("--create", "create the missing projects"), .. HarborSetup.CreateOptions]),
        new("output", [CliOption.Flag("--json", "write the plan as JSON")]),
        // Refusing them would break the habit of re-running a migrate command line as projects.
        new("accepted so that a migrate command line also runs as projects; unused here",
            [.. Selection.Images.Options, .. Selection.Copying, Selection.Report]),
    ], RunAsync);

    private static async Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
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
