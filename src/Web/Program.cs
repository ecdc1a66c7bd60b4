using Hangfire;
using Web;
using Web.Components;
using Web.Features.Inventory;
using Web.Features.Jobs;

if (HealthCheckCommand.IsRequested(args)) return await HealthCheckCommand.RunAsync();

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = WebRoot.Locate() });
// Serve MudBlazor's and Blazor's files from the build output in any environment; a published app has them in wwwroot.
builder.WebHost.UseStaticWebAssets();
builder.AddDashboardData();
builder.AddDashboardJobs();
builder.AddDashboardFeatures();

var app = builder.Build();
await app.MigrateDashboardDatabaseAsync();

app.UseStaticFiles();
app.MapStaticAssets();
app.UseAntiforgery();
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
app.MapReadiness();
app.MapHangfireDashboard("/hangfire");
app.MapInventoryExports();
app.MapMigrationExports();
app.MapHub<JobsHub>("/hubs/jobs");
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;

public partial class Program;
