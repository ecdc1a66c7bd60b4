using Microsoft.EntityFrameworkCore;
using Migration.Engine.Harbor;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Inventory;
using Migration.Engine.Plan;

namespace Web.Features.Projects;

/// <summary>Maps a scan's repositories to Harbor projects through the saved rules, and creates what is missing.</summary>
public sealed class ProjectsService(IDbContextFactory<DashboardDbContext> databases, ConnectionService connections, ScanService scans,
    InventoryQuery inventories, LastProjectCheck lastCheck)
{
    public async Task<MappingSettings> GetMappingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // One row; ordered all the same, so EF has no "First without OrderBy" to warn of.
        var row = await db.Mappings.AsNoTracking().OrderBy(m => m.Id).FirstOrDefaultAsync(cancellationToken);
        return row is null ? MappingSettings.Default : new MappingSettings(row.Rules, row.DefaultProject);
    }

    public async Task SaveMappingAsync(MappingSettings settings, CancellationToken cancellationToken = default)
    {
        settings.ToMapper(); // refuse rules that do not parse before they are stored
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var row = await db.Mappings.OrderBy(m => m.Id).FirstOrDefaultAsync(cancellationToken);
        if (row is null) db.Mappings.Add(row = new MappingEntity());
        row.Rules = settings.Rules;
        row.DefaultProject = settings.DefaultProject;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<ProjectPlan> PlanAsync(int scanId, int targetId, CancellationToken cancellationToken = default)
    {
        if (await scans.GetFinishedAsync(scanId, cancellationToken) is null)
            throw new ArgumentException($"scan {scanId} has no inventory; scan the source first");
        var repositories = await inventories.RepositoryNamesAsync(scanId, cancellationToken).ToListAsync(cancellationToken);
        var mapper = (await GetMappingAsync(cancellationToken)).ToMapper();
        var (harbor, name) = await OpenHarborAsync(targetId, cancellationToken);
        using (harbor)
        {
            await harbor.CheckCredentialsAsync(cancellationToken);
            var plan = await new ProjectPlanner(harbor).PlanAsync(repositories, mapper, create: true, cancellationToken);
            lastCheck.Record(name, plan);
            return plan;
        }
    }

    public async Task<ProjectPlan> CreateAsync(ProjectPlan plan, int targetId, bool isPublic, long? storageLimit, CancellationToken cancellationToken = default)
    {
        var (harbor, name) = await OpenHarborAsync(targetId, cancellationToken);
        using (harbor)
        {
            var created = await new ProjectPlanner(harbor).CreateAsync(plan, isPublic, storageLimit, cancellationToken);
            lastCheck.Record(name, created);
            return created;
        }
    }

    private async Task<(HarborClient Harbor, string Name)> OpenHarborAsync(int targetId, CancellationToken cancellationToken)
    {
        var (entity, registry) = await connections.OpenAsync(targetId, cancellationToken);
        if (entity.Role != ConnectionRole.Target || registry is null) throw new ArgumentException($"'{entity.Name}' is not a Harbor target");
        return (new HarborClient(registry), entity.Name);
    }
}
