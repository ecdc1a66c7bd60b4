using System.Net;
using Migration.Engine.Harbor;

namespace Migration.Engine.Run;

/// <summary>
/// Mirrors tags deleted on the source, once a person has confirmed the list. Only through Harbor's tag API: a plain
/// distribution registry has no way to delete a tag alone (deleting the manifest removes every tag on it), so there
/// each tag is reported and left. Each tag is removed from the artifact the previous run copied, never from whatever
/// it names now: a tag someone re-pointed on the target since is left alone.
/// </summary>
public sealed class TagDeleter(HarborClient? harbor)
{
    public async Task<IReadOnlyList<TagDeletion>> DeleteAsync(IEnumerable<SourceChange> deleted, CancellationToken cancellationToken)
    {
        var results = new List<TagDeletion>();
        foreach (var change in deleted.Where(c => c.Kind == ChangeKind.Deleted))
            results.Add(await DeleteOneAsync(change, cancellationToken));
        return results;
    }

    private async Task<TagDeletion> DeleteOneAsync(SourceChange change, CancellationToken cancellationToken)
    {
        var deletion = new TagDeletion(change.TargetRepository, change.Reference, change.PreviousDigest!, Deleted: false);
        if (harbor is null)
            return deletion with { Error = $"{deletion.Display}: not deleted: a plain registry cannot delete a tag on its own (only a manifest with all its tags); delete it by hand" };
        try
        {
            await harbor.DeleteTagAsync(change.TargetRepository, change.PreviousDigest!, change.Reference, cancellationToken);
            return deletion with { Deleted = true };
        }
        catch (HarborApiException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            // Gone already, or re-pointed on the target by someone else: either way not ours to delete.
            var now = await harbor.GetArtifactAsync(change.TargetRepository, change.Reference, cancellationToken);
            return now is null ? deletion with { Deleted = true }
                : deletion with { Error = $"{deletion.Display}: not deleted: on the target it now names {now.Digest}, not the {change.PreviousDigest} we copied" };
        }
        catch (HarborApiException ex) when (ex.Status == HttpStatusCode.PreconditionFailed)
        {
            return deletion with { Error = $"{deletion.Display}: not deleted: {ex.Message} (an immutable-tag rule or a signature protects it)" };
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is Registry.RegistryException or HttpRequestException)
        {
            return deletion with { Error = $"{deletion.Display}: not deleted: {ex.Message}" };
        }
    }
}
