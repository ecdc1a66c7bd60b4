using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Web.Tests;

/// <summary>The real app on a temporary data folder, so each test class starts from an empty dashboard.</summary>
public sealed class DashboardFactory : WebApplicationFactory<Web.DashboardPaths>
{
    public string DataFolder { get; } = Directory.CreateTempSubdirectory("dashboard-data-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseSetting("DASHBOARD_DATA", DataFolder);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(DataFolder, true); } catch (IOException) { }
    }
}
