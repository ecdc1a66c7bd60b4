namespace Web;

/// <summary>The repository's top-level <c>wwwroot</c> is the web root. A published app carries a copy next to
/// itself; a <c>dotnet run</c> from the source tree finds it two folders up.</summary>
internal static class WebRoot
{
    public static string Locate()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "wwwroot");
                if (File.Exists(Path.Combine(candidate, "app.css"))) return candidate;
            }
        }
        return Path.Combine(AppContext.BaseDirectory, "wwwroot");
    }
}
