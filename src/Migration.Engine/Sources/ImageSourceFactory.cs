using Migration.Engine.Registry;

namespace Migration.Engine.Sources;

/// <summary>Turns what a user typed (a folder, a .tar, or an http(s) URL) into a source.</summary>
public static class ImageSourceFactory
{
    public static bool IsUrl(string location) =>
        location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ||
        location.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Storage in a bucket, with its endpoint, region and keys.</summary>
    public static IImageSource Open(S3Location bucket) => new StorageImageSource(S3StorageFiles.Open(bucket));

    public static IImageSource Open(string location, RegistryConnection? connection = null)
    {
        if (IsUrl(location))
            return new RegistryImageSource(new RegistryClient(connection ?? new RegistryConnection(new Uri(location))));
        return new StorageImageSource(StorageFiles.Open(location));
    }
}
