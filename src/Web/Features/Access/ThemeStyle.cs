using MudBlazor;
using Web.Components.Layout;

namespace Web.Features.Access;

/// <summary>
/// MudBlazor's theme (colours, fonts, elevations) as a <c>&lt;style&gt;</c> element, for the pages served without a
/// circuit. MudBlazor's classes read CSS variables that only a rendered <c>MudThemeProvider</c> writes; this one is
/// never rendered, only asked for that CSS: the same theme as MainLayout's, so the colours match.
/// </summary>
internal sealed class ThemeStyle : MudThemeProvider
{
    public static string Html { get; } = new ThemeStyle().Build();

    private string Build()
    {
#pragma warning disable BL0005 // a parameter set outside a render: this instance is never rendered
        Theme = DashboardTheme.Value;
#pragma warning restore BL0005
        return BuildTheme();
    }
}
