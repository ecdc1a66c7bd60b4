using Migration.Engine.Registry;

namespace Engine.Tests.Registry;

public sealed class AuthChallengeTests
{
    [Fact]
    public void Parse_BearerWithCommasInsideQuotes()
    {
        var challenge = AuthChallenge.Parse("""Bearer realm="https://h/service/token",service="harbor-registry",scope="repository:a/b:pull,push" """)!;
        Assert.True(challenge.IsBearer);
        Assert.Equal("https://h/service/token", challenge.Realm);
        Assert.Equal("harbor-registry", challenge.Service);
        Assert.Equal("repository:a/b:pull,push", challenge.Scope);
    }

    [Fact]
    public void Parse_Basic()
    {
        var challenge = AuthChallenge.Parse("Basic realm=\"basic-realm\"")!;
        Assert.True(challenge.IsBasic);
        Assert.Equal("basic-realm", challenge.Realm);
    }

    [Fact]
    public void Connection_ToString_NeverShowsThePassword()
    {
        var connection = new RegistryConnection(new Uri("https://h/")) { Username = "u", Password = "s3cret-pa55" };
        Assert.DoesNotContain("s3cret-pa55", connection.ToString());
        Assert.DoesNotContain("s3cret-pa55", $"{connection}");
    }
}
