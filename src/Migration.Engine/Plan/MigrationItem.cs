using Migration.Engine.Inventory;

namespace Migration.Engine.Plan;

/// <summary>One image to copy: a tag (or an untagged manifest) of a source repository, and where it goes.</summary>
public sealed record MigrationItem(string SourceRepository, string TargetRepository, InventoryImage Image)
{
    /// <summary>The tag, or the digest for an untagged manifest.</summary>
    public string Reference => Image.Tag ?? Image.Digest;

    /// <summary>Set when the target name is invalid; the item fails with this message.</summary>
    public string? Error { get; init; }

    /// <summary>For a signature, attestation or SBOM: the digest of the image it describes, pushed before it.</summary>
    public string? Subject { get; init; }

    public string Display => Image.Tag is null ? $"{SourceRepository}@{Image.Digest}" : $"{SourceRepository}:{Image.Tag}";
}
