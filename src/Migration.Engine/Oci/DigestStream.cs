using System.Buffers;
using System.Security.Cryptography;

namespace Migration.Engine.Oci;

public static class DigestStream
{
    /// <summary>Hashes a stream in pooled 1 MiB buffers, never holding the whole blob.</summary>
    public static async Task<Digest> ComputeAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0) hash.AppendData(buffer, 0, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return Digest.FromHash(hash.GetHashAndReset());
    }
}
