namespace HarborDouble.Registry;

/// <summary>Pull-time project policies on `/v2` manifest GET/HEAD (docs/harbor.md#pull-policies). The artifact API is
/// not subject to them, which is why verification should use the API.</summary>
internal sealed class PullPolicy(HarborStore store)
{
    public HarborError? Check(ProjectRecord project, ArtifactRecord artifact) => store.Read(() =>
    {
        // Signatures and other accessories must stay pullable, or nobody could verify anything.
        if (artifact.IsAccessory) return null;
        var accessories = store.Accessories(artifact);
        if (project.MetadataIs("enable_content_trust_cosign", "true") && accessories.All(a => a.AccessoryType != "signature.cosign"))
            return HarborError.PolicyViolation("The image is not signed by cosign.");
        if (project.MetadataIs("enable_content_trust", "true") && accessories.All(a => a.AccessoryType != "signature.notation"))
            return HarborError.PolicyViolation("The image is not signed by notation.");
        // The double never scans, so every image counts as "not scanned yet".
        if (project.MetadataIs("prevent_vul", "true") && artifact.Type == "IMAGE")
        {
            var severity = project.Metadata.GetValueOrDefault("severity", "low");
            return HarborError.PolicyViolation("current image without vulnerability scanning cannot be pulled due to configured policy in " +
                $"'Prevent images with vulnerability severity of \"{severity}\" or higher from running.' " +
                "To continue with pull, please contact your project administrator for help.");
        }
        return null;
    });
}
