using System.Net.Http.Headers;
using System.Text;

namespace HarborDouble.Tests.Fixtures;

/// <summary>One Harbor double (and its docker-registry) shared by a test collection. Timings are shortened: a
/// failed login costs 300 ms, and tokens get no clock-skew leeway so a short-lived one really expires.</summary>
public sealed class HarborFixture : IAsyncLifetime
{
    public static readonly TimeSpan LoginDelay = TimeSpan.FromMilliseconds(300);

    private int _names;

    public HarborDoubleServer Server { get; private set; } = null!;

    public Uri BaseUri => Server.BaseUri;

    public async Task InitializeAsync() =>
        Server = await HarborDoubleServer.StartAsync(new HarborDoubleOptions { FailedLoginDelay = LoginDelay, TokenLeeway = TimeSpan.Zero });

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A project or user name no other test uses.</summary>
    public string Name(string prefix) => $"{prefix}{Interlocked.Increment(ref _names)}";

    /// <summary>A client that keeps no cookies (as a Harbor client must, docs/harbor.md#cookies-and-csrf) and sends
    /// Basic credentials when given.</summary>
    public HttpClient Client(string? user = null, string? password = null, bool cookies = false)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = cookies, AllowAutoRedirect = false }) { BaseAddress = BaseUri };
        if (user is not null) client.DefaultRequestHeaders.Authorization = Basic(user, password ?? "");
        return client;
    }

    public HttpClient Admin() => Client(Server.AdminUser, Server.AdminPassword);

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>Creates a user that belongs to nothing, with password "pw-" + name.</summary>
    public string NewUser(string prefix = "user")
    {
        var name = Name(prefix);
        Server.AddUser(name, "pw-" + name);
        return name;
    }
}
