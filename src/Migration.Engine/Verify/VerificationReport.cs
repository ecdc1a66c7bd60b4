namespace Migration.Engine.Verify;

/// <summary>NotCopied: the source could not give the image whole (a missing blob, a bad manifest) and it is not on the
/// target either. NotAttached: a signature or SBOM is there but the target does not tie it to its image. Error: the target refused the look-up (a missing project, a policy). The detail says why.</summary>
public enum VerifyStatus { Match, Missing, Different, ChildMissing, NotAttached, NotCopied, Error }

/// <summary>One source image compared with the target.</summary>
public sealed record VerifyEntry(string SourceRepository, string Reference, string TargetRepository, string SourceDigest,
    string? TargetDigest, VerifyStatus Status, string? Detail = null);

/// <summary>Proof, image by image, that the target holds what the source holds.</summary>
public sealed record VerificationReport(IReadOnlyList<VerifyEntry> Entries)
{
    /// <summary>Every source image in scope: each one counts, whether or not it could be copied.</summary>
    public int Total => Entries.Count;
    public int Matched => Entries.Count(e => e.Status == VerifyStatus.Match);
    public int NotCopied => Entries.Count(e => e.Status == VerifyStatus.NotCopied);
    public IEnumerable<VerifyEntry> Problems => Entries.Where(e => e.Status is not VerifyStatus.Match);

    /// <summary>Every source image in scope is on the target with the same digest and all its children. An image left
    /// behind, for whatever reason, fails it: a migration that lost something never reads as passed.</summary>
    public bool Passed => Entries.All(e => e.Status is VerifyStatus.Match);

    /// <summary>"152 of 153 source images are on the target; 1 not copied".</summary>
    public string Summary => $"{Matched} of {Total} source images are on the target" + (NotCopied > 0 ? $"; {NotCopied} not copied" : "") +
        (Problems.Count() - NotCopied is > 0 and var other ? $"; {other} missing or different" : "");
}
