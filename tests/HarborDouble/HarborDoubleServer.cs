using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Registry.Testing;

namespace HarborDouble;

/// <summary>
/// A running Harbor test double: core (REST API, token service, `/v2` edge) on a loopback port, in front of a real
/// docker-registry it started on a private port with no auth. The seeding and inspection methods act in-process,
/// on the same state the HTTP API serves; they are for tests, not part of Harbor.
/// </summary>
public sealed class HarborDoubleServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RegistryProcess _registry;
    private readonly HarborStore _store;
    private readonly HarborSettings _settings;

    private HarborDoubleServer(WebApplication app, RegistryProcess registry, Uri baseUri, HarborDoubleOptions options)
    {
        _app = app;
        _registry = registry;
        BaseUri = baseUri;
        AdminPassword = options.AdminPassword;
        _store = app.Services.GetRequiredService<HarborStore>();
        _settings = app.Services.GetRequiredService<HarborSettings>();
        Requests = app.Services.GetRequiredService<HarborRequestLog>();
    }

    /// <summary>`http://127.0.0.1:port/`: the API is under `api/v2.0/`, the registry under `v2/`.</summary>
    public Uri BaseUri { get; }

    /// <summary>`127.0.0.1:port`, what image references and `registry_url` use.</summary>
    public string RegistryHost => BaseUri.Authority;

    public string AdminUser => _store.Admin.Name;
    public string AdminPassword { get; }

    /// <summary>The inner docker-registry, for tests that look behind the double.</summary>
    public Uri InnerRegistryUri => _registry.BaseUri;

    public HarborRequestLog Requests { get; }

    /// <summary>Lifetime of tokens issued from now on (`expires_in`).</summary>
    public TimeSpan TokenLifetime { get => _settings.TokenLifetime; set => _settings.TokenLifetime = value; }

    /// <summary>Clock skew allowed on token exp/nbf; Harbor's is 60 s.</summary>
    public TimeSpan TokenLeeway { get => _settings.TokenLeeway; set => _settings.TokenLeeway = value; }

    public TimeSpan FailedLoginDelay { get => _settings.FailedLoginDelay; set => _settings.FailedLoginDelay = value; }

    public bool ReadOnly { get => _settings.ReadOnly; set => _settings.ReadOnly = value; }

    /// <summary>`everyone` or `adminonly`.</summary>
    public string ProjectCreationRestriction { get => _settings.ProjectCreationRestriction; set => _settings.ProjectCreationRestriction = value; }

    /// <summary>Holds every manifest PUT until the returned source is completed: blobs still flow, images do not
    /// finish, so a test can watch a migration that is running.</summary>
    public TaskCompletionSource HoldManifestPuts()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _settings.ManifestPutGate = gate.Task;
        return gate;
    }

    public static async Task<HarborDoubleServer> StartAsync(HarborDoubleOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new HarborDoubleOptions();
        var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { Binary = options.RegistryBinary });
        try
        {
            // The double reads no configuration files: a content root of the current directory (a whole repo, when run
            // from its root) would only cost a recursive file watch at start.
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                ContentRootPath = AppContext.BaseDirectory,
                Args = ["--hostBuilder:reloadConfigOnChange=false"],
            });
            builder.Logging.ClearProviders();
            if (options.LogRequests) builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
            builder.Services.Configure<KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = null);
            builder.Services.AddHarborDouble(options);
            var app = builder.Build();
            app.Services.GetRequiredService<RegistryForwarder>().Registry = registry.BaseUri;
            app.UseHarborDouble();
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var baseUri = new Uri(address.TrimEnd('/') + "/");
            app.Services.GetRequiredService<HarborSettings>().ExternalUrl = baseUri;
            return new HarborDoubleServer(app, registry, baseUri, options);
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds a local user.</summary>
    public void AddUser(string name, string password, bool sysAdmin = false) => _store.AddUser(name, password, sysAdmin);

    /// <summary>Adds a robot and returns its full name: `robot$name` covering every project when
    /// <paramref name="project"/> is null, else `robot$project+name` limited to that project. Actions default to
    /// pull and push.</summary>
    public string AddRobot(string name, string secret, string? project = null, params string[] actions) =>
        _store.AddRobot(name, secret, project, actions.Length > 0 ? actions : ["pull", "push"]);

    /// <summary>Creates a project as <paramref name="owner"/> (admin by default), bypassing the API's checks.
    /// <paramref name="registryId"/> makes it a proxy-cache project. Returns its id.</summary>
    public long CreateProject(string name, bool isPublic = false, long storageLimit = -1, long? registryId = null, string? owner = null)
    {
        var user = owner is null ? _store.Admin : _store.FindUser(owner) ?? throw new InvalidOperationException($"user {owner} not found");
        var metadata = new Dictionary<string, string> { ["public"] = isPublic ? "true" : "false" };
        var project = _store.CreateProject(name, user, metadata, storageLimit, registryId)
                      ?? throw new InvalidOperationException($"project {name} already exists");
        return project.Id;
    }

    /// <summary>Makes a user a member (developer: pull and push) of a project.</summary>
    public void AddProjectMember(string project, string user)
    {
        var member = _store.FindUser(user) ?? throw new InvalidOperationException($"user {user} not found");
        _store.Update(project, p => p.Members.Add(member.Id));
    }

    /// <summary>Adds an enabled immutability rule; patterns are doublestar globs, the repository one without the
    /// project.</summary>
    public void AddImmutableTagRule(string project, string tagPattern, string repositoryPattern = "**") =>
        _store.AddImmutableRule(project, repositoryPattern, tagPattern);

    /// <summary>Sets a metadata flag, e.g. `enable_content_trust_cosign` = "true" or `prevent_vul`.</summary>
    public void SetProjectMetadata(string project, string key, string value) => _store.Update(project, p => p.Metadata[key] = value);

    public void SetStorageLimit(string project, long bytes) => _store.Update(project, p => p.StorageLimit = bytes);

    public ProjectQuota GetQuota(string project) => _store.Read(() =>
        _store.FindProject(project) is { } p ? new ProjectQuota(p.StorageLimit, p.Used) : throw new InvalidOperationException($"project {project} not found"));

    public long QuotaUsed(string project) => GetQuota(project).Used;

    /// <summary>The digest a tag points at, from the double's rows (what Harbor's database says).</summary>
    public string? FindDigest(string repository, string tag) => _store.Read(() =>
        _store.FindRepository(repository) is { } r ? _store.FindTag(r, tag)?.Artifact.Digest : null);

    /// <summary>The routes the double serves outside `/v2`, as (pattern, methods), for the swagger conformance test.</summary>
    internal IReadOnlyList<(string Pattern, IReadOnlyList<string> Methods)> Routes =>
        ((IEndpointRouteBuilder)_app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Select(e => (e.RoutePattern.RawText ?? "", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? (IReadOnlyList<string>)[]))
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _registry.DisposeAsync();
    }
}
