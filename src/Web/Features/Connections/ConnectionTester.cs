using Migration.Engine.Harbor;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Web.Data;
using Migration.Engine.Plan;

namespace Web.Features.Connections;

/// <summary>"Test connection": for a source, can we read it and how much is there; for Harbor, its version, who we
/// are, whether we may create projects, and whether the /v2/ login works. Failures come back as sentences.</summary>
public sealed class ConnectionTester(ConnectionService connections)
{
    /// <summary>A registry that never answers (a typo in an address that routes nowhere) must not hold the page.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public async Task<ConnectionTestResult> TestAsync(int id, CancellationToken cancellationToken = default)
    {
        try
        {
            var (entity, registry) = await connections.OpenAsync(id, cancellationToken);
            return await TestAsync(entity, registry, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            return new ConnectionTestResult(false, [], ex.Message);
        }
    }

    /// <summary>Tests a connection as opened by <see cref="ConnectionService"/>, saved or not yet.</summary>
    public async Task<ConnectionTestResult> TestAsync(ConnectionEntity entity, RegistryConnection? registry, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return entity.Role == ConnectionRole.Target
                ? await TestHarborAsync(registry!, timeout.Token)
                : await TestSourceAsync(entity, registry, timeout.Token);
        }
        catch (Exception ex) when (ex is RegistryException or SourceException or ArgumentException or IOException or HttpRequestException)
        {
            return new ConnectionTestResult(false, [], ex.Message);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ConnectionTestResult(false, [], $"{entity.Location} gave no answer within {Timeout.TotalSeconds:0} s");
        }
    }

    private async Task<ConnectionTestResult> TestSourceAsync(ConnectionEntity entity, RegistryConnection? registry, CancellationToken cancellationToken)
    {
        using var source = connections.OpenSource(entity, registry);
        if (source is RegistryImageSource http) await http.Client.PingAsync(cancellationToken);
        var repositories = await source.ListRepositoriesAsync(cancellationToken);
        var facts = new List<string> { $"{repositories.Count} repositories", source.CanListUntagged ? "untagged manifests can be listed" : "tags only (the HTTP API cannot list untagged manifests)" };
        facts.AddRange(source.Warnings);
        return new ConnectionTestResult(true, facts);
    }

    private static async Task<ConnectionTestResult> TestHarborAsync(RegistryConnection registry, CancellationToken cancellationToken)
    {
        using var harbor = new HarborClient(registry);
        if (!await harbor.PingAsync(cancellationToken))
            return new ConnectionTestResult(false, [], $"{registry.BaseUri} does not answer like Harbor (no Pong on /api/v2.0/ping)");
        var identity = await harbor.CheckCredentialsAsync(cancellationToken);
        var info = await harbor.GetSystemInfoAsync(cancellationToken);
        var canCreate = !identity.IsProjectRobot && (identity.IsSystemAdmin || info.ProjectCreationRestriction != "adminonly");
        using var client = new RegistryClient(registry);
        await client.PingAsync(cancellationToken);
        return new ConnectionTestResult(true,
        [
            $"Harbor {info.HarborVersion ?? "(version hidden)"}",
            $"signed in as {(identity.IsRobot ? "robot" : "user")} '{identity.Name}'{(identity.IsSystemAdmin ? " (system admin)" : "")}",
            canCreate ? "may create projects" : "may not create projects",
            "/v2/ login works",
        ]);
    }
}
