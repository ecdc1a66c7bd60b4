using Migration.Engine.Link;

namespace Engine.Tests.Link;

/// <summary>The rule that sizes the requests in flight, interval by interval (README: "How many requests in flight").</summary>
public sealed class ConcurrencyControllerTests
{
    [Theory]
    [InlineData(0.5, 8)]
    [InlineData(40, 16)]
    [InlineData(150, 60)]
    [InlineData(400, 64)]
    public void FirstRoundTrip_SetsTheStartingLimit_WithinTheBound(double roundTripMs, int expected)
    {
        var controller = new ConcurrencyController(64);

        controller.Seed(TimeSpan.FromMilliseconds(roundTripMs));
        controller.Seed(TimeSpan.FromMilliseconds(1));

        Assert.Equal(expected, controller.Limit);
    }

    [Fact]
    public void WhileMoreInFlightGoesFaster_TheLimitDoubles_ThenHoldsWhenTheGainStops()
    {
        var controller = new ConcurrencyController(256);
        Assert.Equal(8, controller.Limit);

        controller.Interval(work: 100, waited: true);
        controller.Interval(work: 200, waited: true);
        controller.Interval(work: 390, waited: true);
        Assert.Equal(64, controller.Limit);

        // The link is full: two intervals without a gain end the climb, and the limit stays where it is.
        controller.Interval(work: 400, waited: true);
        controller.Interval(work: 395, waited: true);
        controller.Interval(work: 900, waited: true);
        Assert.Equal(64, controller.Limit);
    }

    [Fact]
    public void IntervalsInWhichNothingWaited_SayNothingAboutTheLimit()
    {
        var controller = new ConcurrencyController(64);

        controller.Interval(work: 100, waited: false);
        controller.Interval(work: 1_000, waited: false);

        Assert.Equal(8, controller.Limit);
    }

    [Fact]
    public void Congestion_HalvesTheLimit_AndAProbeWithoutGainIsTakenBack()
    {
        var controller = new ConcurrencyController(64);
        controller.Seed(TimeSpan.FromMilliseconds(100));
        Assert.Equal(40, controller.Limit);

        controller.Congested();
        Assert.Equal(20, controller.Limit);

        // Steady now: after a while it probes a quarter higher, and goes back when the work does not speed up.
        for (var i = 0; i < 8; i++) controller.Interval(work: 500, waited: true);
        Assert.Equal(25, controller.Limit);
        controller.Interval(work: 500, waited: true);
        controller.Interval(work: 510, waited: true);
        Assert.Equal(20, controller.Limit);
    }

    [Fact]
    public void TheUpperBound_IsNeverPassed()
    {
        var controller = new ConcurrencyController(3);
        controller.Seed(TimeSpan.FromMilliseconds(150));
        for (var i = 1; i < 10; i++) controller.Interval(work: i * 1000, waited: true);

        Assert.Equal(3, controller.Limit);
    }

    [Fact]
    public void SmallRequestsWaitingBehindAQueue_StopTheClimb()
    {
        var best = TimeSpan.FromMilliseconds(40);
        var controller = new ConcurrencyController(256);
        controller.Seed(best);
        Assert.Equal(16, controller.Limit);

        // 15 ms of queue: the link is full; more in flight would only wait. Even a gain in work does not grow it, and
        // a long queue does not shrink it either (fewer uploads leave a deep-buffered link idle between them).
        controller.Interval(work: 100, waited: true, quickest: best + TimeSpan.FromMilliseconds(15), best: best);
        controller.Interval(work: 300, waited: true, quickest: best + TimeSpan.FromMilliseconds(15), best: best);
        controller.Interval(work: 300, waited: true, quickest: best * 3, best: best);
        Assert.Equal(16, controller.Limit);

        // No queue (the quickest request as quick as ever): climbing goes on from there, by probes.
        for (var i = 0; i < 8; i++) controller.Interval(work: 300, waited: true, quickest: best, best: best);
        Assert.Equal(20, controller.Limit);
    }
}
