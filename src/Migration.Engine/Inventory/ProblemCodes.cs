namespace Migration.Engine.Inventory;

/// <summary>The codes an <see cref="InventoryProblem"/> can carry.</summary>
public static class ProblemCodes
{
    public const string MissingBlob = "missing-blob";
    public const string CorruptBlob = "corrupt-blob";
    public const string BrokenLink = "broken-link";
    public const string DanglingTag = "dangling-tag";
    public const string MalformedManifest = "malformed-manifest";
    public const string MissingManifest = "missing-manifest";
    public const string Schema1 = "schema1";
    public const string UnknownMediaType = "unknown-media-type";
    public const string InvalidName = "invalid-name";
    public const string Unreadable = "unreadable";
    public const string SourceWarning = "source-warning";
}
