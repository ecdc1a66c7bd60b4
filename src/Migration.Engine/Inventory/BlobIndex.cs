using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Migration.Engine.Oci;

namespace Migration.Engine.Inventory;

/// <summary>
/// Every distinct blob of a scan: its size and how many repositories use it. It is the one structure that grows with
/// the whole registry, so a digest is kept as its 32 bytes (about 60 bytes an entry instead of some 250 for a
/// <see cref="Digest"/> string): two million blobs fit in about 120 MB. It is split by the digest's first byte, so
/// growing copies a 256th of it at a time (one table would briefly need its size twice over), and the sorted list
/// is made a part at a time.
/// </summary>
public sealed class BlobIndex
{
    private readonly Dictionary<Key, Entry>[] _parts = Enumerable.Range(0, 256).Select(_ => new Dictionary<Key, Entry>()).ToArray();

    public int Count { get; private set; }

    public long UniqueBytes { get; private set; }

    /// <summary>Counts a blob for repository number <paramref name="repository"/>. Repositories must come one after
    /// another (all of one, then the next), which is how a scan delivers them.</summary>
    public void Add(Digest digest, long size, int repository)
    {
        var key = Key.Of(digest);
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_parts[key.A >> 56], key, out var exists);
        if (!exists)
        {
            entry = new Entry(size, 1, repository);
            UniqueBytes += size;
            Count++;
        }
        else if (entry.LastRepository != repository)
        {
            entry = entry with { Repositories = entry.Repositories + 1, LastRepository = repository };
        }
    }

    /// <summary>The blobs in digest order, as the inventory lists them.</summary>
    public IEnumerable<InventoryBlob> Sorted()
    {
        foreach (var part in _parts)
        {
            var keys = part.Keys.ToArray();
            Array.Sort(keys);
            foreach (var key in keys)
            {
                var entry = part[key];
                yield return new InventoryBlob(key.ToDigest().ToString(), entry.Size, entry.Repositories);
            }
        }
    }

    private readonly record struct Entry(long Size, int Repositories, int LastRepository);

    // Big-endian words compare in the same order as the hex text.
    private readonly record struct Key(ulong A, ulong B, ulong C, ulong D) : IComparable<Key>
    {
        public static Key Of(Digest digest)
        {
            Span<byte> bytes = stackalloc byte[32];
            Convert.FromHexString(digest.Hex, bytes, out _, out _);
            return new Key(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
                BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]), BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
        }

        public Digest ToDigest()
        {
            Span<byte> bytes = stackalloc byte[32];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, A);
            BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], B);
            BinaryPrimitives.WriteUInt64BigEndian(bytes[16..], C);
            BinaryPrimitives.WriteUInt64BigEndian(bytes[24..], D);
            return Digest.FromHex(Convert.ToHexStringLower(bytes));
        }

        public int CompareTo(Key other)
        {
            var c = A.CompareTo(other.A);
            if (c != 0) return c;
            c = B.CompareTo(other.B);
            if (c != 0) return c;
            c = C.CompareTo(other.C);
            return c != 0 ? c : D.CompareTo(other.D);
        }
    }
}
