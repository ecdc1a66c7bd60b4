using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Migrations;
using Web.Features.Plans;

namespace Web.Tests.Plans;

/// <summary>
/// What a deletion would break is refused, naming it: a connection a plan or an unfinished migration needs, and a plan
/// whose run is going. A plan deleted takes its schedule with it and leaves its runs as migrations of their own.
/// </summary>
public sealed class DeletingInUseTests : DashboardTestContext
{
    public DeletingInUseTests()
    {
        Use(Dashboard.Connections);
        Use(Dashboard.Tester);
        Use(Dashboard.Plans);
    }

    [Fact]
    public async Task Connection_UsedByAPlanAndARunningMigration_IsKeptWithTheReason_UntilBothAreGone()
    {
        var (source, target) = await AddPairAsync();
        var plan = await Dashboard.Plans.CreateAsync(new PlanRequest { Name = "nightly", Migration = new MigrationRequest { SourceId = source, TargetId = target } });
        var run = await AddMigrationAsync(source, target, JobStatus.Running, planId: null);

        var refused = await Assert.ThrowsAsync<ConnectionInUseException>(() => Dashboard.Connections.DeleteAsync(source));
        Assert.Equal($"'old' is used by plan 'nightly', migration #{run} (Running): delete the plans and let the migrations end (or cancel them) first", refused.Message);

        await Dashboard.Plans.DeleteAsync(plan.Id);
        await SetStatusAsync(run, JobStatus.Succeeded);
        await Dashboard.Connections.DeleteAsync(source);
        Assert.Equal(["harbor"], (await Dashboard.Connections.ListAsync()).Select(c => c.Name));
    }

    [Fact]
    public async Task ConnectionsPage_DeleteRefused_SaysWhyAndKeepsTheRow()
    {
        var (source, target) = await AddPairAsync();
        await Dashboard.Plans.CreateAsync(new PlanRequest { Name = "nightly", Migration = new MigrationRequest { SourceId = source, TargetId = target } });
        var page = Render<ConnectionsPage>();
        var dialogs = Render<MudDialogProvider>();

        page.WaitForElement("button[aria-label='Delete old']").Click();
        dialogs.WaitForElement("[data-testid=delete-confirm]").Click();

        page.WaitForAssertion(() => Assert.Equal("Not deleted: 'old' is used by plan 'nightly': delete the plans first.",
            page.Find("[data-testid=connections-error]").TextContent.Trim()));
        Assert.Equal(2, page.FindAll("[data-testid=connections-table] tbody tr").Count);
    }

    [Fact]
    public async Task Plan_WithARunGoing_IsRefused_AndOnceDeletedTakesItsScheduleAndLeavesItsRuns()
    {
        var (source, target) = await AddPairAsync();
        var plan = await Dashboard.Plans.CreateAsync(new PlanRequest
        {
            Name = "nightly", Migration = new MigrationRequest { SourceId = source, TargetId = target }, Schedule = "0 2 * * *",
        });
        var finished = await AddMigrationAsync(source, target, JobStatus.Succeeded, plan.Id);
        var going = await AddMigrationAsync(source, target, JobStatus.Running, plan.Id);
        Assert.Contains(PlanService.RecurringId(plan.Id), Dashboard.Recurring.Schedules.Keys);

        var busy = await Assert.ThrowsAsync<PlanBusyException>(() => Dashboard.Plans.DeleteAsync(plan.Id));
        Assert.Equal(going, busy.RunningId);

        await SetStatusAsync(going, JobStatus.Failed);
        await Dashboard.Plans.DeleteAsync(plan.Id);

        Assert.Null(await Dashboard.Plans.GetAsync(plan.Id));
        Assert.DoesNotContain(PlanService.RecurringId(plan.Id), Dashboard.Recurring.Schedules.Keys);
        await using var db = await Databases.CreateDbContextAsync();
        var runs = await db.Migrations.Where(m => m.Id == finished || m.Id == going).ToListAsync();
        Assert.Equal(2, runs.Count);
        Assert.All(runs, m => Assert.Null(m.PlanId));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Dashboard.Plans.DeleteAsync(plan.Id));
    }

    private IDbContextFactory<DashboardDbContext> Databases => Dashboard.Provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>();

    private async Task<(int Source, int Target)> AddPairAsync()
    {
        var source = await Dashboard.Connections.AddAsync(new ConnectionForm { Name = "old", Location = "/var/lib/registry" });
        var target = await Dashboard.Connections.AddAsync(new ConnectionForm { Name = "harbor", Role = ConnectionRole.Target, Location = "https://harbor.example.com" });
        return (source.Id, target.Id);
    }

    private async Task<int> AddMigrationAsync(int source, int target, JobStatus status, int? planId)
    {
        await using var db = await Databases.CreateDbContextAsync();
        var migration = new MigrationEntity
        {
            SourceId = source, TargetId = target, SourceName = "old", TargetName = "harbor", OptionsJson = "{}", Status = status, PlanId = planId,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Migrations.Add(migration);
        await db.SaveChangesAsync();
        return migration.Id;
    }

    private async Task SetStatusAsync(int migration, JobStatus status)
    {
        await using var db = await Databases.CreateDbContextAsync();
        await db.Migrations.Where(m => m.Id == migration).ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, status));
    }
}
