using System.Net;

namespace Web.Tests.Access;

/// <summary>Its own app: the throttle is per client address, and every test client shares one.</summary>
public sealed class SignInThrottleTests(SignInThrottleTests.Factory factory) : IClassFixture<SignInThrottleTests.Factory>
{
    public sealed class Factory : DashboardFactory;

    [Fact]
    public async Task FailedSignIns_AfterFiveFromOneAddress_AreRefusedEvenWithTheRightPassword()
    {
        using var client = factory.CreateClient();
        for (var i = 0; i < Web.Features.Access.SignInThrottle.MaxFailures; i++)
        {
            using var failed = await DashboardFactory.PostSignInAsync(client, $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var throttled = await DashboardFactory.PostSignInAsync(client, DashboardFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Too many failed sign-ins", await throttled.Content.ReadAsStringAsync());
    }
}
