namespace HarborDouble;

/// <summary>How to start a <see cref="HarborDoubleServer"/>. Defaults are Harbor's own (docs/harbor.md);
/// tests shorten the timings.</summary>
public sealed record HarborDoubleOptions
{
    /// <summary>Loopback port for the double; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The docker-registry executable the double starts behind itself.</summary>
    public string RegistryBinary { get; init; } = "docker-registry";

    public string AdminPassword { get; init; } = "Harbor12345";

    /// <summary>`token_expiration`: Harbor's default is 30 minutes (docs/harbor.md#token-lifetime).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Clock skew allowed when checking a token's exp and nbf. Harbor allows 60 s
    /// (docs/harbor.md#token-service); tests set 0 so a short-lived token really expires.</summary>
    public TimeSpan TokenLeeway { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Sleep and lock-out after a failed login: 1.5 s in Harbor (docs/harbor.md#bad-credentials).</summary>
    public TimeSpan FailedLoginDelay { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Read-only mode (docs/harbor.md#read-only-mode).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>`everyone` (Harbor's default) or `adminonly` (docs/harbor.md#creating-projects).</summary>
    public string ProjectCreationRestriction { get; init; } = "everyone";

    /// <summary>Harbor always has a public `library` project, owned by admin.</summary>
    public bool CreateLibraryProject { get; init; } = true;

    /// <summary>Writes one line per request to the console (the program's `--verbose`).</summary>
    public bool LogRequests { get; init; }
}
