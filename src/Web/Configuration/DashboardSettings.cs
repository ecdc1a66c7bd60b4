using System.Globalization;
using System.Net;

namespace Web.Configuration;

/// <summary>
/// The settings the dashboard reads at start, kept as written: a wrong value (<c>Hangfire:RepositoryWorkers=abc</c>)
/// reaches <see cref="DashboardSettingsValidator"/> as the operator typed it, to be listed with every other wrong one,
/// instead of stopping the binder alone with a FormatException. The typed properties are shared by the validator (null
/// means wrong) and by the service registration, which runs before anything can be reported and so takes the default.
/// </summary>
public sealed class DashboardSettings
{
    public const string DataFolderKey = "DASHBOARD_DATA";
    public const string StorageKey = "Hangfire:Storage";
    public const string HangfireConnectionKey = "ConnectionStrings:Hangfire";
    public const string RepositoryWorkersKey = "Hangfire:RepositoryWorkers";
    public const string RoleKey = "Dashboard:Role";
    public const string InstanceNameKey = "Dashboard:InstanceName";
    public const string KeepScansKey = "Dashboard:KeepScans";
    public const string KeyCertificateKey = "Dashboard:KeyCertificate";
    public const string KeyCertificatePasswordKey = "Dashboard:KeyCertificatePassword";
    public const string KeyCertificatePasswordFileKey = "Dashboard:KeyCertificatePasswordFile";
    public const string SessionCheckSecondsKey = "Dashboard:SessionCheckSeconds";
    public const string WorkerTimeoutSecondsKey = "Hangfire:WorkerTimeoutSeconds";
    public const string TrustedProxiesKey = "Dashboard:TrustedProxies";
    /// <summary><c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>, as the host reads it (the prefix is taken off).</summary>
    public const string ForwardedHeadersEnabledKey = "FORWARDEDHEADERS_ENABLED";

    // Each scan of a big registry keeps its whole inventory (tens of MB at 100,000 tags): keep the latest few per source.
    public const int DefaultKeepScans = 5;
    public const int MostKeepScans = 1000;

    // How long an open page may stay signed in after a sign-out elsewhere or a password change.
    public const int DefaultSessionCheckSeconds = 30;
    // A minute: a dead worker's repositories move on within about two, while a live worker stalled by a busy host for
    // less than that is not taken for dead (which would cost only a second worker on the same repository, never a
    // second upload of a blob: blobs are claimed before they are sent).
    public const int DefaultWorkerTimeoutSeconds = 60;
    public const int FewestWorkerTimeoutSeconds = 5;
    public const int MostWorkerTimeoutSeconds = 3600;
    public const int MostSessionCheckSeconds = 3600;

    public const int DefaultRepositoryWorkers = 1;
    // More repository jobs than this on one instance is a typo, not a machine: each already runs many uploads at once.
    public const int MostRepositoryWorkers = 64;

    /// <summary><c>DASHBOARD_DATA</c>; unset means <c>./data</c> under the working directory.</summary>
    public string? DataFolder { get; set; }

    /// <summary><c>Hangfire:Storage</c>: Sqlite (unset) or PostgreSql, whatever the case.</summary>
    public string? Storage { get; set; }

    /// <summary><c>ConnectionStrings:Hangfire</c>, needed when <see cref="Storage"/> is PostgreSql.</summary>
    public string? HangfireConnection { get; set; }

    /// <summary><c>Hangfire:RepositoryWorkers</c>: repository jobs this instance runs at once (unset means 1).</summary>
    public string? RepositoryWorkers { get; set; }

    /// <summary><c>Dashboard:Role</c>: all (unset), web or worker, whatever the case.</summary>
    public string? Role { get; set; }

    /// <summary><c>Dashboard:InstanceName</c>; unset or blank means the machine name.</summary>
    public string? InstanceName { get; set; }

    /// <summary><c>Dashboard:KeepScans</c>: finished scans kept per source connection (unset means 5).</summary>
    public string? KeepScans { get; set; }

    /// <summary>The number of scans to keep; null when it is not a whole number from 1 to <see cref="MostKeepScans"/>.</summary>
    public int? KeepScanCount =>
        KeepScans is null ? DefaultKeepScans
        : int.TryParse(KeepScans, NumberStyles.Integer, CultureInfo.InvariantCulture, out var keep) && keep is >= 1 and <= MostKeepScans ? keep
        : null;

    /// <summary><c>Hangfire:WorkerTimeoutSeconds</c>: how long a worker may go silent before it counts as dead and another
    /// takes its jobs and repositories over (unset means 60).</summary>
    public string? WorkerTimeoutSeconds { get; set; }

    /// <summary>The timeout; null when it is not a whole number of seconds from <see cref="FewestWorkerTimeoutSeconds"/>
    /// to <see cref="MostWorkerTimeoutSeconds"/>.</summary>
    public TimeSpan? WorkerTimeout =>
        WorkerTimeoutSeconds is null ? TimeSpan.FromSeconds(DefaultWorkerTimeoutSeconds)
        : int.TryParse(WorkerTimeoutSeconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
          && seconds is >= FewestWorkerTimeoutSeconds and <= MostWorkerTimeoutSeconds ? TimeSpan.FromSeconds(seconds)
        : null;

    /// <summary><c>Dashboard:SessionCheckSeconds</c>: how often an open page checks that its sign-in still stands (unset means 30).</summary>
    public string? SessionCheckSeconds { get; set; }

    /// <summary>The interval between checks; null when it is not a whole number of seconds from 1 to <see cref="MostSessionCheckSeconds"/>.</summary>
    public TimeSpan? SessionCheckInterval =>
        SessionCheckSeconds is null ? TimeSpan.FromSeconds(DefaultSessionCheckSeconds)
        : int.TryParse(SessionCheckSeconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= MostSessionCheckSeconds
            ? TimeSpan.FromSeconds(seconds)
            : null;

    /// <summary><c>Dashboard:TrustedProxies</c>, one entry per address or network, from a comma-separated value, an
    /// array, or both.</summary>
    public IReadOnlyList<string> TrustedProxies { get; set; } = [];

    /// <summary><c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> as written.</summary>
    public string? ForwardedHeadersEnabled { get; set; }

    public bool AsksToTrustAnyProxy => bool.TryParse(ForwardedHeadersEnabled, out var enabled) && enabled;

    /// <summary>The entries of <see cref="TrustedProxies"/> that are neither an address nor a CIDR network.</summary>
    public IEnumerable<string> WrongTrustedProxies => TrustedProxies.Where(entry => !TrustedProxyEntry.TryParse(entry, out _));

    /// <summary>The proxies whose forwarded headers are believed: none when unset; null when an entry is wrong.</summary>
    public IReadOnlyList<IPNetwork>? TrustedProxyNetworks =>
        WrongTrustedProxies.Any() ? null : TrustedProxies.Select(entry => TrustedProxyEntry.TryParse(entry, out var network) ? network : default).ToList();

    public static string DefaultDataFolder => Path.Combine(Directory.GetCurrentDirectory(), "data");

    /// <summary>The data folder's full path; null when <c>DASHBOARD_DATA</c> is set but is not a path.</summary>
    public string? DataFolderPath
    {
        get
        {
            if (DataFolder is null) return Path.GetFullPath(DefaultDataFolder);
            // Set but blank is a mistake (an empty variable in a compose file), not a wish for ./data: in a container
            // ./data is outside the volume, and everything written there is lost with the container.
            if (string.IsNullOrWhiteSpace(DataFolder)) return null;
            try { return Path.GetFullPath(DataFolder); }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return null; }
        }
    }

    /// <summary>True for PostgreSql, false for Sqlite or unset; null for anything else.</summary>
    public bool? IsPostgreSql =>
        Storage is null || Storage.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) ? false
        : Storage.Equals("PostgreSql", StringComparison.OrdinalIgnoreCase) ? true
        : null;

    /// <summary>The repository worker count; null when it is not a whole number from 1 to <see cref="MostRepositoryWorkers"/>.</summary>
    public int? RepositoryWorkerCount =>
        RepositoryWorkers is null ? DefaultRepositoryWorkers
        : int.TryParse(RepositoryWorkers, NumberStyles.Integer, CultureInfo.InvariantCulture, out var workers) && workers is >= 1 and <= MostRepositoryWorkers ? workers
        : null;

    /// <summary>The role; null when the text names none. Numbers ("2") and combinations ("web, worker") are refused even
    /// though <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> takes them: nobody means a role that way.</summary>
    public DashboardRole? RoleChoice =>
        Role is null ? DashboardRole.All
        : Enum.TryParse<DashboardRole>(Role, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(Role, out _) ? role
        : null;

    /// <summary><c>Dashboard:KeyCertificate</c>: a PKCS#12 (.pfx, .p12) or PEM file whose RSA key encrypts the Data
    /// Protection keys at rest (<see cref="KeyProtection"/>); unset leaves them unencrypted.</summary>
    public string? KeyCertificate { get; set; }

    /// <summary><c>Dashboard:KeyCertificatePassword</c>, from the environment; or <see cref="KeyCertificatePasswordFile"/>.</summary>
    public string? KeyCertificatePassword { get; set; }

    /// <summary><c>Dashboard:KeyCertificatePasswordFile</c>: a file holding the password (a mounted secret).</summary>
    public string? KeyCertificatePasswordFile { get; set; }

    public string InstanceNameOrMachineName => string.IsNullOrWhiteSpace(InstanceName) ? Environment.MachineName : InstanceName.Trim();

    public static DashboardSettings From(IConfiguration configuration)
    {
        var settings = new DashboardSettings();
        settings.ReadFrom(configuration);
        return settings;
    }

    /// <summary>Read key by key rather than bound from one section: the settings live in four (the root, Hangfire,
    /// Dashboard, ConnectionStrings), and their names are documented in the README, so they stay as they are.</summary>
    public void ReadFrom(IConfiguration configuration)
    {
        DataFolder = configuration[DataFolderKey];
        Storage = configuration[StorageKey];
        HangfireConnection = configuration[HangfireConnectionKey];
        RepositoryWorkers = configuration[RepositoryWorkersKey];
        Role = configuration[RoleKey];
        InstanceName = configuration[InstanceNameKey];
        KeepScans = configuration[KeepScansKey];
        KeyCertificate = configuration[KeyCertificateKey];
        KeyCertificatePassword = configuration[KeyCertificatePasswordKey];
        KeyCertificatePasswordFile = configuration[KeyCertificatePasswordFileKey];
        SessionCheckSeconds = configuration[SessionCheckSecondsKey];
        WorkerTimeoutSeconds = configuration[WorkerTimeoutSecondsKey];
        ForwardedHeadersEnabled = configuration[ForwardedHeadersEnabledKey];
        // "10.0.0.7, 10.0.0.8" in an environment variable, or an array in appsettings.json (Dashboard:TrustedProxies:0, …).
        TrustedProxies = [.. new[] { configuration[TrustedProxiesKey] }
            .Concat(configuration.GetSection(TrustedProxiesKey).GetChildren().Select(child => child.Value))
            .SelectMany(value => (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];
    }
}
