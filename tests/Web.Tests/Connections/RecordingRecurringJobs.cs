using Hangfire;
using Hangfire.Common;

namespace Web.Tests.Connections;

/// <summary>Hangfire's recurring jobs as a list: the page tests see what a schedule would register, without a server.</summary>
public sealed class RecordingRecurringJobs : IRecurringJobManager
{
    public Dictionary<string, string> Schedules { get; } = [];

    public void AddOrUpdate(string recurringJobId, Job job, string cronExpression, RecurringJobOptions options) => Schedules[recurringJobId] = cronExpression;

    public void Trigger(string recurringJobId) { }

    public void RemoveIfExists(string recurringJobId) => Schedules.Remove(recurringJobId);
}
