using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace Web.Tests.Connections;

/// <summary>Records what would be enqueued, so a test can run the job itself and see its result. Hangfire's own
/// server is exercised by the app tests; this is the one corner a fake serves better.</summary>
public sealed class RecordingJobClient : IBackgroundJobClient
{
    public List<Job> Enqueued { get; } = [];

    public string Create(Job job, IState state)
    {
        lock (Enqueued) Enqueued.Add(job);
        return Enqueued.Count.ToString();
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => true;
}
