using Migration.Engine.Inventory;
using Migration.Engine.Oci;

namespace Engine.Tests.Inventory;

public sealed class BlobIndexTests
{
    [Fact]
    public void Blobs_AreCountedOncePerRepository_AndListedInDigestOrder()
    {
        var digests = Enumerable.Range(0, 1_000).Select(i => Digest.Compute(BitConverter.GetBytes(i))).ToList();
        var index = new BlobIndex();
        for (var repository = 0; repository < 3; repository++)
        {
            foreach (var digest in digests.Take(100 + repository * 400)) index.Add(digest, 10, repository);
            index.Add(digests[0], 10, repository); // twice in one repository counts once
        }

        var sorted = index.Sorted().ToList();

        Assert.Equal(900, index.Count);
        Assert.Equal(9_000, index.UniqueBytes);
        Assert.Equal(sorted.Select(b => b.Digest).Order(StringComparer.Ordinal), sorted.Select(b => b.Digest));
        Assert.Equal(digests.Take(900).Select(d => d.ToString()).Order(StringComparer.Ordinal), sorted.Select(b => b.Digest));
        Assert.Equal(3, sorted.Single(b => b.Digest == digests[0].ToString()).Repositories);
        Assert.Equal(1, sorted.Single(b => b.Digest == digests[899].ToString()).Repositories);
    }
}
