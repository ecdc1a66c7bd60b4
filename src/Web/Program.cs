using Hangfire;
using Microsoft.Extensions.Options;
using Web;
using Web.Components;
using Web.Configuration;
using Web.Features.Access;
using Web.Features.Api;
using Web.Features.Inventory;
using Web.Features.Migrations;
using Web.Features.ShareLinks;
using Web.Features.Shared;
using Web.Features.Plans;

if (HealthCheckCommand.IsRequested(args)) return await HealthCheckCommand.RunAsync();

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = WebRoot.Locate() });
// Serve MudBlazor's and Blazor's files from the build output in any environment; a published app has them in wwwroot.
builder.WebHost.UseStaticWebAssets();
// The repository's wwwroot (app.css, fonts, favicon) is outside the project, so it is in no static asset manifest.
// Run from a build, MapStaticAssets adds a catch-all for such files that serves them but logs "not found in the built
// time manifest" on every request; without it UseStaticFiles serves them, quietly, as it does in a published app.
builder.Configuration["DisableStaticAssetNotFoundRuntimeFallback"] = "true";
// The default for `dotnet run`, in code rather than appsettings.json: a "Urls" there would beat ASPNETCORE_URLS,
// and the container (which sets ASPNETCORE_URLS) would listen on its own loopback only.
if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://localhost:5080");
builder.Services.AddDashboardSettings();
builder.AddDashboardData();
builder.AddDashboardAccess();
builder.AddDashboardApi();
builder.AddDashboardJobs();
builder.AddDashboardFeatures();

var app = builder.Build();
// The ValidateOnStart checks, now rather than in RunAsync: a wrong setting stops the app, with every other wrong one in
// the same message, before the migrations below open a database in a data folder that may be the wrong one.
app.Services.GetRequiredService<IStartupValidator>().Validate();
app.ReportKeyProtection();
await app.MigrateDashboardDatabaseAsync();
app.Services.GetRequiredService<SpaceReserve>().TakeAtStart();
await app.SeedAccessAsync();

app.UseTrustedProxies();
app.UseExceptionHandler();
app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.UseShareLinkGate();
app.MapStaticAssets();
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
app.MapReadiness();
app.MapSignIn();
app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new SignedInDashboardFilter()] }).RequireAuthorization();
app.MapGroup("/exports").RequireAuthorization(AccessPolicies.Watch).MapInventoryExports().MapMigrationExports().MapCutoverExports();
app.MapHub<MigrationsHub>("/hubs/jobs").RequireAuthorization(AccessPolicies.Watch);
app.MapDashboardApi();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;

public partial class Program;
