using Microsoft.Extensions.Options;
using static Web.Configuration.DashboardSettings;

namespace Web.Configuration;

/// <summary>
/// Checks every setting and returns every problem, not the first: an operator fixing a deployment sees the whole list
/// in one failed start instead of one restart per typo. Each problem names the setting as written in appsettings.json
/// and as an environment variable, since containers are configured through the latter.
/// </summary>
public sealed class DashboardSettingsValidator : IValidateOptions<DashboardSettings>
{
    public ValidateOptionsResult Validate(string? name, DashboardSettings settings)
    {
        List<string> problems = [];

        if (settings.DataFolderPath is not { } folder)
            problems.Add($"{Named(DataFolderKey)} is '{settings.DataFolder}'; give a folder, or leave it unset for ./data");
        else if (CannotMake(folder) is { } reason)
            problems.Add($"{Named(DataFolderKey)} is '{settings.DataFolder ?? folder}'; the data folder cannot be made there: {reason}");

        if (settings.IsPostgreSql is not { } isPostgreSql)
            problems.Add($"{Named(StorageKey)} is '{settings.Storage}'; use Sqlite (the default) or PostgreSql");
        else if (isPostgreSql && string.IsNullOrWhiteSpace(settings.HangfireConnection))
            problems.Add($"{StorageKey}=PostgreSql needs {Named(HangfireConnectionKey)}");

        if (settings.RepositoryWorkerCount is null)
            problems.Add($"{Named(RepositoryWorkersKey)} is '{settings.RepositoryWorkers}'; use a whole number from 1 to {MostRepositoryWorkers}");

        if (settings.WorkerTimeout is null)
            problems.Add($"{Named(WorkerTimeoutSecondsKey)} is '{settings.WorkerTimeoutSeconds}'; use a whole number of seconds from {FewestWorkerTimeoutSeconds} to {MostWorkerTimeoutSeconds}");

        if (settings.KeepScanCount is null)
            problems.Add($"{Named(KeepScansKey)} is '{settings.KeepScans}'; use a whole number from 1 to {MostKeepScans}");

        if (KeyProtection.LoadCertificate(settings).Problem is { } certificateProblem)
            problems.Add($"{Named(KeyCertificateKey)} is '{settings.KeyCertificate}'; {certificateProblem}");

        if (settings.SessionCheckInterval is null)
            problems.Add($"{Named(SessionCheckSecondsKey)} is '{settings.SessionCheckSeconds}'; use a whole number of seconds from 1 to {MostSessionCheckSeconds}");

        if (settings.WrongTrustedProxies.ToList() is [_, ..] wrongProxies)
            problems.Add($"{Named(TrustedProxiesKey)} has {string.Join(", ", wrongProxies.Select(p => $"'{p}'"))}; give the proxies' IP addresses " +
                "or CIDR networks (10.0.0.7, 10.0.0.0/8), comma-separated");
        else if (settings.AsksToTrustAnyProxy && settings.TrustedProxies.Count == 0)
            // Refused rather than ignored: an operator who set it expects client addresses, and would otherwise find every
            // sign-in throttled as one (the proxy's) with no hint why.
            problems.Add($"ASPNETCORE_{ForwardedHeadersEnabledKey}=true believes X-Forwarded-For from any address, so anyone could pose as any " +
                $"client; set {Named(TrustedProxiesKey)} to the reverse proxies' addresses instead, and remove it");

        if (settings.RoleChoice is null)
            problems.Add($"{Named(RoleKey)} is '{settings.Role}'; use all (the default), web or worker");

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>"Hangfire:Storage (env Hangfire__Storage)"; a root key such as DASHBOARD_DATA is the same in both.</summary>
    private static string Named(string key) => key.Contains(':') ? $"{key} (env {key.Replace(":", "__")})" : key;

    // The folder is made here, as the app would make it a moment later, because only trying says why it cannot be
    // (a file in the way, no permission on the parent).
    private static string? CannotMake(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            return null;
        }
        // Without its full stop: the reason sits inside the list, before the "; " that joins the problems.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return e.Message.TrimEnd('.'); }
    }
}
