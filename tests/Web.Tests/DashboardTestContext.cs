using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Web.Tests.Connections;

namespace Web.Tests;

/// <summary>The one base for page tests: MudBlazor's services, loose JS interop, 10 s waits, and the dashboard's real
/// services over a temporary SQLite database (<see cref="Services"/>). A chart that sizes itself to the page is told
/// the size a browser would measure: loose interop answers null, and such a chart then draws nothing.</summary>
public abstract class DashboardTestContext : BunitContext
{
    protected DashboardTestContext()
    {
        base.Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        JSInterop.Setup<MudBlazor.Interop.ElementSize>("mudObserveElementSize", _ => true)
            .SetResult(new MudBlazor.Interop.ElementSize { Width = 1200, Height = 260 });
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
    }

    protected ConnectionServices Dashboard { get; } = new();

    protected void Use<T>(T service) where T : class => base.Services.AddSingleton(service);

    // MudBlazor registers services that can only be disposed asynchronously.
    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        DisposeAsync().AsTask().GetAwaiter().GetResult();
        Dashboard.Dispose();
    }
}
