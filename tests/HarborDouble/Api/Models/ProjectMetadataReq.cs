namespace HarborDouble.Api.Models;

/// <summary>swagger `ProjectMetadata` as a request body binds it: string values only, and keys Harbor does not know
/// are dropped, as Go's JSON decoding drops them.</summary>
internal sealed record ProjectMetadataReq(
    string? Public = null,
    string? EnableContentTrust = null,
    string? EnableContentTrustCosign = null,
    string? PreventVul = null,
    string? Severity = null,
    string? AutoScan = null,
    string? AutoSbomGeneration = null,
    string? ReuseSysCveAllowlist = null,
    string? RetentionId = null,
    string? ProxySpeedKb = null,
    string? MaxUpstreamConn = null,
    string? ProxyCacheLocalOnNotFound = null,
    string? ProxyReferrerApi = null,
    string? ProxyCacheFilterPattern = null,
    string? ProxyCacheFilterKind = null)
{
    /// <summary>The keys that were set, by their JSON names.</summary>
    public Dictionary<string, string> ToDictionary() => new Dictionary<string, string?>
    {
        ["public"] = Public, ["enable_content_trust"] = EnableContentTrust, ["enable_content_trust_cosign"] = EnableContentTrustCosign,
        ["prevent_vul"] = PreventVul, ["severity"] = Severity, ["auto_scan"] = AutoScan, ["auto_sbom_generation"] = AutoSbomGeneration,
        ["reuse_sys_cve_allowlist"] = ReuseSysCveAllowlist, ["retention_id"] = RetentionId, ["proxy_speed_kb"] = ProxySpeedKb,
        ["max_upstream_conn"] = MaxUpstreamConn, ["proxy_cache_local_on_not_found"] = ProxyCacheLocalOnNotFound,
        ["proxy_referrer_api"] = ProxyReferrerApi, ["proxy_cache_filter_pattern"] = ProxyCacheFilterPattern,
        ["proxy_cache_filter_kind"] = ProxyCacheFilterKind,
    }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);
}
