using System.Collections.Concurrent;

namespace Web.Features.Access;

/// <summary>
/// Slows password guessing: after <see cref="MaxFailures"/> failed sign-ins from one address within
/// <see cref="Window"/>, further attempts from it are refused (429) until the oldest failure ages out. Successful
/// sign-ins are never limited, and a success clears the address's record.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new();

    /// <summary>How long the address must wait, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string address)
    {
        if (!_failures.TryGetValue(address, out var failures)) return null;
        lock (failures)
        {
            Expire(failures);
            return failures.Count < MaxFailures ? null : failures.Peek() + Window - clock.GetUtcNow();
        }
    }

    public void RecordFailure(string address)
    {
        var failures = _failures.GetOrAdd(address, _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            Expire(failures);
            failures.Enqueue(clock.GetUtcNow());
        }
    }

    public void RecordSuccess(string address) => _failures.TryRemove(address, out _);

    private void Expire(Queue<DateTimeOffset> failures)
    {
        var cutoff = clock.GetUtcNow() - Window;
        while (failures.Count > 0 && failures.Peek() < cutoff) failures.Dequeue();
    }
}
