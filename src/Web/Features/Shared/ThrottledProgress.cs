namespace Web.Features.Shared;

/// <summary>Passes at most one update per interval on, always the latest, so a burst of events does not make
/// every page re-render per event. Thread-safe, cheap, never throws into the engine.</summary>
public sealed class ThrottledProgress<T>(TimeSpan interval, Action<T> onUpdate) : IProgress<T>
{
    private readonly Lock _gate = new();
    private DateTime _last = DateTime.MinValue;

    public void Report(T value)
    {
        lock (_gate)
        {
            var now = DateTime.UtcNow;
            if (now - _last < interval) return;
            _last = now;
        }
        try
        {
            onUpdate(value);
        }
        catch (Exception)
        {
            // Progress is best effort; the work itself must never fail because a listener did.
        }
    }
}
