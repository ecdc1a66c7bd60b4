using Migration.Engine.Harbor;
using Migration.Engine.Registry;
using Migration.Engine.Plan;

namespace Migration.Cli.Commands;

/// <summary>What <c>projects</c> and <c>migrate --harbor</c> share: check the login, plan the projects, create them.</summary>
internal static class HarborSetup
{
    public static readonly CliOption[] CreateOptions = [
        CliOption.Flag("--public", "create the projects public (default: private)"),
        new("--storage-limit", "BYTES", "the quota of the projects created, in bytes; -1 for none"),
    ];

    public static async Task<(HarborClient Harbor, HarborIdentity Identity)> ConnectAsync(RegistryClient target, CancellationToken cancellationToken)
    {
        var harbor = new HarborClient(target.Connection);
        if (!await harbor.PingAsync(cancellationToken))
            throw new RegistryException($"{target.Connection.BaseUri} does not answer /api/v2.0/ping like Harbor; is it a Harbor URL?");
        return (harbor, await harbor.CheckCredentialsAsync(cancellationToken));
    }

    public static async Task<ProjectPlan> PlanAsync(HarborClient harbor, IEnumerable<string> repositories, CliArguments args, bool create,
        CancellationToken cancellationToken)
    {
        var planner = new ProjectPlanner(harbor);
        var plan = await planner.PlanAsync(repositories, Selection.Mapper(args), create, cancellationToken);
        if (!create) return plan;
        long? limit = args.Value("--storage-limit") is { } text
            ? long.TryParse(text, out var bytes) && (bytes == -1 || bytes > 0) ? bytes : throw new UsageException("--storage-limit is bytes: -1 (unlimited) or a positive number")
            : null;
        return await planner.CreateAsync(plan, args.Flag("--public"), limit, cancellationToken);
    }

    public static void Print(ProjectPlan plan)
    {
        foreach (var p in plan.Projects)
        {
            var status = p.Status switch
            {
                ProjectStatus.Exists => p.Outcome ?? (p.IsProxyCache ? "exists (proxy cache!)" : "exists"),
                ProjectStatus.WillCreate => "will be created",
                ProjectStatus.Missing => p.Outcome == "failed" ? "creation failed" : "missing",
                _ => "invalid",
            };
            Console.WriteLine($"{p.Project,-30} {status,-18} {p.SourceRepositories.Count,4} repositories");
            if (p.Reason is not null) Console.WriteLine($"    {p.Reason}");
            if (p.SuggestedMapping is { } rule)
                Console.WriteLine($"    suggestion: {(rule.IsDefaultProject ? $"--default-namespace {rule.Project}" : $"--map {rule.From}={rule.Project}")}");
            if (p.Status == ProjectStatus.Missing && p.Outcome is null) Console.WriteLine("    to create it: projects --create, or migrate --create-projects");
        }
    }
}
