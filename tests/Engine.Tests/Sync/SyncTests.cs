using System.Net;
using Engine.Tests.Fixtures;
using Migration.Engine.Copy;
using Migration.Engine.Harbor;
using Migration.Engine.Plan;
using Migration.Engine.Registry;
using Migration.Engine.Run;
using Migration.Engine.Sources;
using Registry.Testing;

namespace Engine.Tests.Sync;

/// <summary>A source registry still in use between runs: each run after the first is compared with the one before
/// (the delta), follows moved tags, and deletes tags on the target only when asked.</summary>
public sealed class SyncTests
{
    private static readonly ImageFilter WithUntagged = new() { IncludeUntagged = true };

    [Fact]
    public async Task ChangesOnALiveSource_AreTheDelta_AndTheTargetFollows()
    {
        await using var registry = await RegistryProcess.StartAsync();
        await using var harbor = await HarborTarget.StartAsync();
        using var pusher = new ImagePusher(registry.BaseUri);
        var v1 = await pusher.PushImageAsync("team/app", "v1", Image(1));
        await pusher.PushManifestAsync("team/app", "latest", v1.Bytes, v1.MediaType);
        var stable = await pusher.PushImageAsync("team/app", "stable", Image(2));
        var old = await pusher.PushImageAsync("team/other", "1.0", Image(3));
        using var source = ImageSourceFactory.Open(registry.StorageRoot);
        var (first, _, client) = await harbor.MigrateAsync(source, filter: WithUntagged);
        using var _c = client;
        ReportAssert.NoFailures(first);

        // The team keeps working: a new tag, a moved tag, a deleted image, an untagged push, and a moved tag that
        // Harbor holds immutable.
        var v3 = await pusher.PushImageAsync("team/app", "v3", Image(4));
        await pusher.PushManifestAsync("team/app", "latest", v3.Bytes, v3.MediaType);
        var untagged = await pusher.PushImageAsync("team/app", null, Image(5));
        var restable = await pusher.PushImageAsync("team/app", "stable", Image(6));
        await pusher.DeleteManifestAsync("team/other", old.Digest);
        harbor.Server.AddImmutableTagRule("team", "stable");

        var (second, delta, deletions) = await SyncAsync(harbor, source, first, confirmDeletions: true);

        Assert.Equal(["+ team/app:v3", "- team/other:1.0", "~ team/app:latest", "~ team/app:stable"],
            delta.Changes.Where(c => c.Kind != ChangeKind.NewUntagged).Select(c => $"{c.Describe()[..2]}{c.Display}").Order(StringComparer.Ordinal));
        // The manifest "stable" named before is untagged on the source now: new there as an untagged manifest.
        Assert.Equal(new[] { untagged.Digest, stable.Digest }.Order(), delta.Of(ChangeKind.NewUntagged).Select(c => c.Reference).Order());
        var moved = delta.Of(ChangeKind.Moved).Single(c => c.Reference == "latest");
        Assert.Equal((v1.Digest, v3.Digest), (moved.PreviousDigest, moved.Digest));
        Assert.Equal(1, delta.Unchanged); // team/app:v1
        // The target follows, except where Harbor forbids it; that tag is named with the reason.
        Assert.Equal(v3.Digest, harbor.Server.FindDigest("team/app", "latest"));
        Assert.Equal(v3.Digest, harbor.Server.FindDigest("team/app", "v3"));
        var refused = Assert.Single(second.Images, i => i.Status == ImageStatus.Failed);
        Assert.Equal("stable", refused.Reference);
        Assert.Contains("immutable", refused.Error);
        Assert.NotEqual(restable.Digest, harbor.Server.FindDigest("team/app", "stable"));
        var deletion = Assert.Single(deletions);
        Assert.True(deletion.Deleted, deletion.Error);
        Assert.Null(harbor.Server.FindDigest("team/other", "1.0"));
        Assert.Equal(1, second.Totals.ImagesFailed);

        // The next sync: nothing changed but the one image that could not go.
        var (_, again, _) = await SyncAsync(harbor, source, second, confirmDeletions: false);
        Assert.Equal([ChangeKind.FailedBefore], again.Changes.Select(c => c.Kind));
        Assert.Equal(5, again.Unchanged); // v1, latest, v3 and the two untagged
    }

    [Fact]
    public async Task DeletedOnTheSource_StaysOnTheTarget_UntilConfirmed()
    {
        await using var registry = await RegistryProcess.StartAsync();
        await using var harbor = await HarborTarget.StartAsync();
        using var pusher = new ImagePusher(registry.BaseUri);
        var gone = await pusher.PushImageAsync("team/app", "old", Image(7));
        await pusher.PushImageAsync("team/app", "keep", Image(8));
        using var source = ImageSourceFactory.Open(registry.StorageRoot);
        var (first, _, client) = await harbor.MigrateAsync(source);
        using var _c = client;
        await pusher.DeleteManifestAsync("team/app", gone.Digest);

        var (second, delta, deletions) = await SyncAsync(harbor, source, first, confirmDeletions: false);

        Assert.Equal("- team/app:old", $"{Assert.Single(delta.Changes).Describe()[..2]}{delta.Changes[0].Display}");
        Assert.Empty(deletions);
        Assert.Equal(gone.Digest, harbor.Server.FindDigest("team/app", "old"));
        Assert.True(second.Succeeded);
        // A plain registry cannot delete a tag alone: each is reported, nothing is touched.
        var refused = Assert.Single(await new TagDeleter(null).DeleteAsync(delta.Changes, default));
        Assert.False(refused.Deleted);
        Assert.Contains("team/app:old", refused.Error);
        Assert.Contains("plain registry", refused.Error);
    }

    /// <summary>What a sync does: select, compare with the previous report, copy (projects exist by now), then mirror
    /// deletions when confirmed.</summary>
    private static async Task<(MigrationReport Report, SyncDelta Delta, IReadOnlyList<TagDeletion> Deletions)> SyncAsync(HarborTarget harbor,
        IImageSource source, MigrationReport previous, bool confirmDeletions)
    {
        var items = await TargetRegistry.SelectAsync(source, WithUntagged, new NameMapper());
        var builder = new SyncDeltaBuilder(previous);
        builder.Observe(items);
        var delta = builder.Build();
        var login = harbor.Login();
        using var api = new HarborClient(login);
        using var client = new RegistryClient(login);
        var report = await new MigrationRunner(source, client, new CopyOptions(), new HarborTargetInspector(api, client))
            .RunAsync(items, new Events(), default);
        var deletions = confirmDeletions ? await new TagDeleter(api).DeleteAsync(delta.Changes, default) : [];
        return (report with { Delta = delta, Deletions = deletions }, delta, deletions);
    }

    private static ImageSpec Image(int seed) => new([new LayerSpec(9000 + seed, 2048), new LayerSpec(42, 4096)]) { Label = $"sync{seed}" };

}
