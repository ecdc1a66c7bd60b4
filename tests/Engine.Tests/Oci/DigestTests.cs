using Migration.Engine.Oci;

namespace Engine.Tests.Oci;

public sealed class DigestTests
{
    [Theory]
    [InlineData("sha256:../../../../etc/passwd")]
    [InlineData("sha256:ABCDEF0000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha512:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha256:000")]
    [InlineData("")]
    public void TryParse_RejectsAnythingButLowercaseSha256(string text) => Assert.False(Digest.TryParse(text, out _));

    [Fact]
    public void Parse_AcceptsTrailingNewlineOfALinkFile()
    {
        var digest = Digest.Parse("sha256:" + new string('a', 64) + "\n");
        Assert.Equal(new string('a', 64), digest.Hex);
        Assert.Equal("aaaaaaaaaaaa", digest.Short);
    }
}
