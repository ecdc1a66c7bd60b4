using Migration.Engine.Copy;
using Migration.Engine.Run;

namespace Web.Features.Migrations;

/// <summary>The short account at the top of a finished migration's page, from its report.</summary>
/// <param name="BytesSent">Bytes uploaded, each blob once: the engine mounts a layer another repository already holds
/// and sends a layer shared by several images once.</param>
/// <param name="BytesImageByImage">What copying the copied images one at a time, each on its own, would have sent: the
/// sum over them of all their blobs' sizes (<see cref="ImageOutcome.BlobBytes"/>), shared layers counted for every image
/// that has them. Null for a report written before that size was recorded.</param>
public sealed record MigrationSummary(int Copied, int AlreadyThere, int Failed, long BytesSent, long? BytesImageByImage)
{
    public static MigrationSummary Of(MigrationReport report)
    {
        var copied = report.Images.Where(i => i.Status == ImageStatus.Copied).ToList();
        var imageByImage = copied.Sum(i => i.BlobBytes);
        return new MigrationSummary(report.Totals.ImagesCopied, report.Totals.ImagesAlreadyPresent, report.Totals.ImagesFailed,
            report.Totals.BytesUploaded, copied.Count > 0 && imageByImage == 0 ? null : imageByImage);
    }
}
