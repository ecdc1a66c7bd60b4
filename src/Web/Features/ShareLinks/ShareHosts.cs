namespace Web.Features.ShareLinks;

/// <summary>What a share page says about where images come from and go to: host names only, never paths, users or
/// connection names (which may say more than the owner meant to share).</summary>
public sealed record ShareHosts(string Source, string Target)
{
    public static string HostOf(string location) =>
        Migration.Engine.Sources.S3Location.IsS3(location) ? $"s3://{Migration.Engine.Sources.S3Location.Parse(location).Bucket}"
        : Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.Authority
        : location.EndsWith(".tar", StringComparison.OrdinalIgnoreCase) ? "a registry storage archive" : "a registry storage folder";
}
