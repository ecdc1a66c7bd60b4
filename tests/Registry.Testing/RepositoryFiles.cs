namespace Registry.Testing;

/// <summary>Files of this repository the tests run from their build output (npm parts that scripts/test installs).</summary>
public static class RepositoryFiles
{
    /// <summary>The file at <paramref name="relative"/> below the first folder above the test binaries that holds it,
    /// or null when none does.</summary>
    public static string? Find(string relative)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var file = Path.Combine(folder.FullName, relative);
            if (File.Exists(file)) return file;
        }
        return null;
    }
}
