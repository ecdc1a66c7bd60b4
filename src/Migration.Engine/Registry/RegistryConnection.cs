namespace Migration.Engine.Registry;

/// <summary>How to reach one registry. <see cref="ToString"/> never shows the password.</summary>
public sealed record RegistryConnection(Uri BaseUri)
{
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>How to give this registry a login, said when it needs one and none was given: only the caller knows
    /// where logins come from (the CLI's environment variables, a dashboard connection's fields).</summary>
    public string LoginHint { get; init; } = "set a username and password";

    /// <summary>Skip TLS certificate checks (self-signed lab registries).</summary>
    public bool Insecure { get; init; }

    /// <summary>A PEM bundle of extra CAs to trust for this registry.</summary>
    public string? CaFile { get; init; }

    /// <summary>Connections kept open to this host; copies are bounded separately by the engine.</summary>
    public int MaxConnections { get; init; } = 128;

    public bool HasCredentials => !string.IsNullOrEmpty(Username);

    public string Host => BaseUri.IsDefaultPort ? BaseUri.Host : $"{BaseUri.Host}:{BaseUri.Port}";

    /// <summary>Accepts <c>http(s)://host[:port]</c>; anything after the host is ignored, as /v2/ is always at the root.</summary>
    public static RegistryConnection FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            throw new ArgumentException($"'{url}' is not an http(s):// registry URL");
        return new RegistryConnection(new Uri($"{uri.Scheme}://{uri.Authority}/"));
    }

    public override string ToString() => HasCredentials ? $"{Username}@{BaseUri}" : BaseUri.ToString();

    // The record's generated members would print the password; keep it out of any accidental logging.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"BaseUri = {BaseUri}, Username = {Username}, Insecure = {Insecure}");
        return true;
    }
}
