namespace Migration.Engine.Verify;

/// <summary>Error: the target refused the look-up (a missing project, a policy); the detail says why.</summary>
public enum VerifyStatus { Match, Missing, Different, ChildMissing, NotChecked, Error }

/// <summary>One source image compared with the target.</summary>
public sealed record VerifyEntry(string SourceRepository, string Reference, string TargetRepository, string SourceDigest,
    string? TargetDigest, VerifyStatus Status, string? Detail = null);

/// <summary>Proof, image by image, that the target holds what the source holds.</summary>
public sealed record VerificationReport(IReadOnlyList<VerifyEntry> Entries)
{
    public int Checked => Entries.Count(e => e.Status != VerifyStatus.NotChecked);
    public int Matched => Entries.Count(e => e.Status == VerifyStatus.Match);
    public int NotChecked => Entries.Count(e => e.Status == VerifyStatus.NotChecked);
    public IEnumerable<VerifyEntry> Problems => Entries.Where(e => e.Status is not VerifyStatus.Match and not VerifyStatus.NotChecked);

    /// <summary>Every image that could be checked is on the target with the same digest and all its children.</summary>
    public bool Passed => Entries.All(e => e.Status is VerifyStatus.Match or VerifyStatus.NotChecked);
}
