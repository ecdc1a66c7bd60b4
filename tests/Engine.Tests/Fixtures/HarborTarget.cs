using HarborDouble;
using Migration.Engine.Copy;
using Migration.Engine.Harbor;
using Migration.Engine.Plan;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Migration.Engine.Run;

namespace Engine.Tests.Fixtures;

/// <summary>A fresh Harbor double (in front of its own real docker-registry) for one test, and the Harbor-aware
/// migration the CLI's <c>migrate --harbor</c> runs: check the login, plan and create projects, copy, verify.</summary>
public sealed class HarborTarget : IAsyncDisposable
{
    private HarborTarget(HarborDoubleServer server) => Server = server;

    public HarborDoubleServer Server { get; }

    public static async Task<HarborTarget> StartAsync(TimeSpan? tokenLifetime = null) =>
        new(await HarborDoubleServer.StartAsync(new HarborDoubleOptions
        {
            TokenLifetime = tokenLifetime ?? TimeSpan.FromMinutes(30),
            TokenLeeway = TimeSpan.Zero,
            FailedLoginDelay = TimeSpan.FromMilliseconds(50),
        }));

    public RegistryConnection Login(string? user = null, string? password = null) =>
        new(Server.BaseUri) { Username = user ?? Server.AdminUser, Password = password ?? Server.AdminPassword };

    public async Task<(MigrationReport Report, ProjectPlan Projects, RegistryClient Client)> MigrateAsync(IImageSource source,
        bool createProjects = true, RegistryConnection? login = null, CopyOptions? options = null, ImageFilter? filter = null,
        IProgress<CopyEvent>? progress = null)
    {
        login ??= Login();
        using var harbor = new HarborClient(login);
        await harbor.CheckCredentialsAsync(default);
        var items = await TargetRegistry.SelectAsync(source, filter ?? new ImageFilter(), new NameMapper());
        var projects = await new ProjectPlanner(harbor).PlanAsync(items.Select(i => i.SourceRepository).Distinct(), new NameMapper(), createProjects, default);
        if (createProjects) projects = await new ProjectPlanner(harbor).CreateAsync(projects, isPublic: false, storageLimit: null, default);
        var client = new RegistryClient(login);
        var report = await new MigrationRunner(source, client, options ?? new CopyOptions(), new HarborTargetInspector(harbor, client))
            .RunAsync(projects.Apply(items), progress ?? new Events(), default);
        return (report, projects, client);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
