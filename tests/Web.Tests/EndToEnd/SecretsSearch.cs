using System.Text;

namespace Web.Tests.EndToEnd;

/// <summary>Looks for secrets, as text, in logs, pages and every file of a data folder (UTF-8 and UTF-16, since
/// SQLite may store either).</summary>
public static class SecretsSearch
{
    public static void AssertAbsent(IEnumerable<string> secrets, params (string Where, string Text)[] places)
    {
        foreach (var secret in secrets)
            foreach (var (where, text) in places)
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a secret ({secret[..3]}…) appears in {where}");
    }

    public static void AssertAbsentFromFiles(IEnumerable<string> secrets, string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith("dashboard.db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var secret in secrets)
                foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
                    Assert.False(bytes.AsSpan().IndexOf(encoding.GetBytes(secret)) >= 0,
                        $"a secret ({secret[..3]}…) appears in {Path.GetRelativePath(folder, file)} as {encoding.WebName}");
        }
    }
}
