using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Migration.Engine.Copy;
using Migration.Engine.Oci;
using Web.Data;
using Web.Features.Migrations;
using Migration.Engine.Plan;
using Migration.Engine.Run;

namespace Web.Tests.Migrations;

/// <summary>Blob claims over the real dashboard database (SQLite file, migrations applied), between two jobs as two
/// workers would hold them.</summary>
public sealed class DatabaseBlobPlacementsTests : IAsyncLifetime
{
    private static readonly Digest Layer = Digest.Compute("shared layer"u8);
    private static readonly Digest OtherLayer = Digest.Compute("another layer"u8);
    private readonly string _folder = Directory.CreateTempSubdirectory("placements-").FullName;
    private IDbContextFactory<DashboardDbContext> _databases = null!;

    private static readonly BlobClaimTiming Quick = new()
    {
        // Twenty heartbeats per stale period: a CI machine busy with other test classes can delay a beat by several
        // hundred milliseconds (600 ms here once made a live claim look dead).
        HeartbeatEvery = TimeSpan.FromMilliseconds(100), StaleAfter = TimeSpan.FromSeconds(2), PollEvery = TimeSpan.FromMilliseconds(50),
        MaxWait = TimeSpan.FromSeconds(10),
    };

    public async Task InitializeAsync()
    {
        _databases = new ServiceCollection().AddDbContextFactory<DashboardDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(_folder, "dashboard.db")}"))
            .BuildServiceProvider().GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        await using var db = await _databases.CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, true); } catch (IOException) { } // a temp folder; a late write must not fail the test
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Claim_OnlyOneJobWins_TheOtherWaitsForThePlacement()
    {
        await using var first = new DatabaseBlobPlacements(_databases, 1, "worker-1", Quick);
        await using var second = new DatabaseBlobPlacements(_databases, 1, "worker-2", Quick);

        var claims = await Task.WhenAll(first.ClaimAsync(Layer, "team-a/app", default), second.ClaimAsync(Layer, "team-b/api", default));
        Assert.Single(claims, c => c.Won);
        var (winner, loser) = claims[0].Won ? (first, second) : (second, first);

        var waiting = loser.WaitForPlacementAsync(Layer, default);
        // The winner's upload outlives the stale limit: its heartbeat keeps the claim alive.
        await Task.Delay(Quick.StaleAfter * 2);
        Assert.False(waiting.IsCompleted);
        await winner.RecordAsync(Layer, "team-a/app", default);

        Assert.Equal("team-a/app", await waiting);
        Assert.Equal(BlobClaim.PlacedAt("team-a/app"), await loser.ClaimAsync(Layer, "team-c/web", default));
    }

    [Fact]
    public async Task Claim_OfAJobThatDied_GoesStaleAndIsTakenOver()
    {
        // A dead process beats no more: this one's first beat would come in an hour. (A live timer here could also
        // revive the claim, or write to the database while the test deletes it.)
        var dead = new DatabaseBlobPlacements(_databases, 1, "worker-1", Quick with { HeartbeatEvery = TimeSpan.FromHours(1) });
        Assert.True((await dead.ClaimAsync(Layer, "team-a/app", default)).Won);
        await using (var db = await _databases.CreateDbContextAsync())
        {
            // The process died: no more heartbeats, and no release.
            await db.BlobLocations.ExecuteUpdateAsync(u => u.SetProperty(b => b.ClaimHeartbeat, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds()));
        }
        await using var alive = new DatabaseBlobPlacements(_databases, 1, "worker-2", Quick);

        Assert.Null(await alive.WaitForPlacementAsync(Layer, default));
        // Won, and told where the dead job was uploading: the blob may have landed there before it died.
        Assert.Equal(BlobClaim.TakenOverFrom("team-a/app"), await alive.ClaimAsync(Layer, "team-b/api", default));
        await using var db2 = await _databases.CreateDbContextAsync();
        var row = await db2.BlobLocations.SingleAsync();
        Assert.Equal((alive.Owner, "team-b/api"), (row.ClaimedBy, row.ClaimedFor));
    }

    [Fact]
    public async Task Restart_ExpiresTheInstancesOwnClaimsAtOnce()
    {
        // No beats within the test and nothing goes stale by age: only the restart's expiry can free a claim.
        var frozen = Quick with { HeartbeatEvery = TimeSpan.FromHours(1), StaleAfter = TimeSpan.FromHours(1) };
        var beforeRestart = new DatabaseBlobPlacements(_databases, 1, "worker-1", frozen);
        Assert.True((await beforeRestart.ClaimAsync(Layer, "team-a/app", default)).Won);
        var other = new DatabaseBlobPlacements(_databases, 1, "worker-10", frozen);
        Assert.True((await other.ClaimAsync(OtherLayer, "team-c/db", default)).Won);

        await using (var db = await _databases.CreateDbContextAsync())
            Assert.Equal(1, await DatabaseBlobPlacements.ExpireClaimsOfAsync(db, "worker-1", default));
        await using var afterRestart = new DatabaseBlobPlacements(_databases, 1, "worker-1", frozen);

        Assert.Equal(BlobClaim.TakenOverFrom("team-a/app"), await afterRestart.ClaimAsync(Layer, "team-b/api", default));
        Assert.Equal(BlobClaim.HeldElsewhere, await afterRestart.ClaimAsync(OtherLayer, "team-b/api", default));
    }

    [Fact]
    public async Task Release_LetsTheWaitingJobClaimAgain()
    {
        await using var first = new DatabaseBlobPlacements(_databases, 1, "worker-1", Quick);
        await using var second = new DatabaseBlobPlacements(_databases, 1, "worker-2", Quick);
        Assert.True((await first.ClaimAsync(Layer, "team-a/app", default)).Won);
        Assert.Equal(BlobClaim.HeldElsewhere, await second.ClaimAsync(Layer, "team-b/api", default));

        var waiting = second.WaitForPlacementAsync(Layer, default);
        await first.ReleaseAsync(Layer, default);

        Assert.Null(await waiting);
        Assert.True((await second.ClaimAsync(Layer, "team-b/api", default)).Won);
    }

    [Fact]
    public async Task Claims_AreKeptPerTarget()
    {
        await using var one = new DatabaseBlobPlacements(_databases, 1, "worker-1", Quick);
        await using var other = new DatabaseBlobPlacements(_databases, 2, "worker-2", Quick);

        Assert.True((await one.ClaimAsync(Layer, "team-a/app", default)).Won);
        Assert.True((await other.ClaimAsync(Layer, "team-a/app", default)).Won);
    }
}
