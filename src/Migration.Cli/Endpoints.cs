using System.Net;
using Migration.Engine.Registry;
using Migration.Engine.Sources;

namespace Migration.Cli;

/// <summary>Opens the source and target a verb names. Credentials come only from the environment, never from
/// arguments, so they stay out of shell history and process listings.</summary>
internal static class Endpoints
{
    public static readonly CliOptionGroup SourceOptions = new("source", [
        new("--source", "SRC", "a storage folder, a .tar of one, http(s)://host[:port], or s3://bucket/rootdirectory"),
        new("--s3-endpoint", "URL", "an S3-compatible store (MinIO, Ceph RGW, ...) rather than AWS"),
        new("--s3-region", "REGION", "the bucket's region (default: AWS_REGION, else us-east-1)"),
        CliOption.Flag("--s3-path-style", "address the bucket as endpoint/bucket/key, as most such stores need"),
    ], Note: $"""
        A storage folder is the registry's rootdirectory, which holds docker/.
        An http(s):// source logs in with {LoginVariables("SOURCE")} from the environment;
        an s3:// one with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN).
        """);

    public static readonly CliOptionGroup TargetOptions = new("target", [
        new("--target", "URL", "the registry or Harbor to copy into, https://host[:port]"),
    ], Note: $"It logs in with {LoginVariables("TARGET")} from the environment (on Harbor: a user, or robot$name).");

    public static readonly CliOptionGroup TlsOptions = new("connections", [
        new("--ca-file", "PEM", "also trust the CA certificates in this PEM file"),
        CliOption.Flag("--insecure", "skip TLS certificate checks (self-signed lab registries)"),
        CliOption.Flag("--allow-http", "allow plain http:// to a host other than loopback"),
    ]);

    public static IImageSource OpenSource(CliArguments args)
    {
        var location = args.Required("--source");
        if (S3Location.IsS3(location)) return ImageSourceFactory.Open(Bucket(location, args));
        if (!ImageSourceFactory.IsUrl(location)) return ImageSourceFactory.Open(location);
        return new RegistryImageSource(new RegistryClient(Connection(location, "SOURCE", args)));
    }

    /// <summary>s3://bucket/prefix with <c>--s3-endpoint</c>, <c>--s3-region</c>, <c>--s3-path-style</c>; keys from AWS_* variables.</summary>
    private static S3Location Bucket(string location, CliArguments args)
    {
        var endpoint = args.Value("--s3-endpoint");
        if (endpoint is not null && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
            throw new UsageException($"--s3-endpoint '{endpoint}' is not a URL such as https://minio.example.com:9000");
        var parsed = S3Location.Parse(location);
        return parsed with
        {
            Endpoint = endpoint is null ? parsed.Endpoint : new Uri(endpoint),
            Region = args.Value("--s3-region") ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? parsed.Region,
            PathStyle = args.Flag("--s3-path-style") || parsed.PathStyle,
        };
    }

    public static RegistryClient OpenTarget(CliArguments args) => new(Connection(args.Required("--target"), "TARGET", args));

    private static RegistryConnection Connection(string url, string prefix, CliArguments args)
    {
        RegistryConnection connection;
        try
        {
            connection = RegistryConnection.FromUrl(url);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
        if (connection.BaseUri.Scheme == "http" && !IsLoopback(connection.BaseUri) && !args.Flag("--allow-http"))
            throw new UsageException($"{url}: plain http sends credentials and images unencrypted; it is allowed for loopback only (or pass --allow-http)");
        var caFile = args.Value("--ca-file");
        if (caFile is not null && !File.Exists(caFile)) throw new UsageException($"--ca-file {caFile} does not exist");
        return connection with
        {
            Username = Environment.GetEnvironmentVariable($"{prefix}_USERNAME"),
            Password = Environment.GetEnvironmentVariable($"{prefix}_PASSWORD"),
            LoginHint = $"set {LoginVariables(prefix)} in the environment",
            Insecure = args.Flag("--insecure"),
            CaFile = caFile,
        };
    }

    private static string LoginVariables(string prefix) => $"{prefix}_USERNAME and {prefix}_PASSWORD";

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
