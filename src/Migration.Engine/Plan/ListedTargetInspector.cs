using System.Collections.Concurrent;
using Migration.Engine.Oci;

namespace Migration.Engine.Plan;

/// <summary>
/// Answers from one listing per repository where the target can list one (Harbor's artifact API): a thousand tags
/// then cost a few paged calls instead of a thousand round trips, which on a long link is most of a re-run. Where it
/// cannot, or the listing fails, each question goes to the target as before. A listing is taken once, so make a new
/// one for each look at the target (the plan's, the verification's).
/// </summary>
public sealed class ListedTargetInspector(ITargetInspector inner) : ITargetInspector
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TargetListing?>>> _listings = new();

    // A miss is asked again one by one: Harbor lists a signature's tags (cosign's sha256-….sig) nowhere, and a missing
    // image is rare enough to be worth the round trip of making sure.
    public async Task<Digest?> GetDigestAsync(string repository, string reference, CancellationToken cancellationToken) =>
        (await ListingOf(repository, cancellationToken))?.Find(reference) ?? await inner.GetDigestAsync(repository, reference, cancellationToken);

    public async Task<bool?> IsAttachedAsync(string repository, Digest subject, Digest referrer, CancellationToken cancellationToken) =>
        await ListingOf(repository, cancellationToken) is { } listing
            ? listing.IsAttached(subject, referrer)
            : await inner.IsAttachedAsync(repository, subject, referrer, cancellationToken);

    public Task<TargetListing?> ListAsync(string repository, CancellationToken cancellationToken) => ListingOf(repository, cancellationToken);

    private async Task<TargetListing?> ListingOf(string repository, CancellationToken cancellationToken)
    {
        try
        {
            return await _listings.GetOrAdd(repository, r => new Lazy<Task<TargetListing?>>(() => inner.ListAsync(r, cancellationToken))).Value;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is Registry.RegistryException or HttpRequestException or IOException
                                       or Harbor.HarborApiException)
        {
            // One by one, then: the questions meet the same refusal and report it for each image.
            return null;
        }
    }
}
