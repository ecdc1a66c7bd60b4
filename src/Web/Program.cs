using Web;

if (HealthCheckCommand.IsRequested(args)) return await HealthCheckCommand.RunAsync();

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = WebRoot.Locate() });
var app = builder.Build();

app.UseDefaultFiles();
app.UseStaticFiles();
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));

await app.RunAsync();
return 0;

public partial class Program;
