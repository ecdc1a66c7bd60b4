using System.Collections.Concurrent;

namespace Web.Features.Shared;

/// <summary>
/// An in-process feed of live updates, keyed by job (e.g. "scan:12"). Jobs publish; pages subscribe and get an
/// <see cref="IDisposable"/> to stop. A page never opens a SignalR connection back to its own server: its circuit
/// already is one (STYLE.md).
/// </summary>
public sealed class ProgressFeed<T>
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Action<T>>> _subscribers = new();

    public IDisposable Subscribe(string key, Action<T> onUpdate)
    {
        var id = Guid.NewGuid();
        _subscribers.GetOrAdd(key, _ => new())[id] = onUpdate;
        return new Subscription(() =>
        {
            if (_subscribers.TryGetValue(key, out var list)) list.TryRemove(id, out _);
        });
    }

    public void Publish(string key, T update)
    {
        if (!_subscribers.TryGetValue(key, out var list)) return;
        foreach (var subscriber in list.Values)
        {
            try
            {
                subscriber(update);
            }
            catch (ObjectDisposedException)
            {
                // A page that went away between our snapshot of subscribers and this call.
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) dispose();
        }
    }
}
