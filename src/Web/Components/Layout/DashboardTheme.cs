using MudBlazor;

namespace Web.Components.Layout;

/// <summary>MudBlazor's palette with the status colours darkened: its defaults (a green, red, orange and blue made for
/// large surfaces) give white chip text and alert text under 4.5:1 contrast, which screen readers' users with low
/// vision cannot read (axe-core's color-contrast rule, checked by the end-to-end test).</summary>
public static class DashboardTheme
{
    public static readonly MudTheme Value = new()
    {
        PaletteLight = new PaletteLight
        {
            Success = "#2e7d32",
            Error = "#c62828",
            Warning = "#a84800",
            Info = "#0b5cad",
        },
    };
}
