using System.IO.Compression;
using Registry.Testing;

namespace Engine.Tests.Testing;

public sealed class GzipStoredStreamTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65_535)]
    [InlineData(65_536)]
    [InlineData(300_001)]
    public void Stream_IsValidGzipOfTheSeededBytes_WithTheStatedLength(int size)
    {
        using var framed = new GzipStoredStream(new SeededStream(7, size), size);
        var bytes = new MemoryStream();
        var buffer = new byte[4_099]; // an odd size, so reads straddle headers and block boundaries
        int n;
        while ((n = framed.Read(buffer)) > 0) bytes.Write(buffer, 0, n);

        Assert.Equal(GzipStoredStream.LengthFor(size), bytes.Length);
        Assert.Equal(framed.Length, bytes.Length);
        bytes.Position = 0;
        using var gunzip = new GZipStream(bytes, CompressionMode.Decompress);
        var plain = new MemoryStream();
        gunzip.CopyTo(plain); // throws on a bad CRC or length in the trailer
        Assert.Equal(SeededStream.Bytes(7, size), plain.ToArray());
    }
}
