using System.Globalization;

namespace Web.Features.Shared;

/// <summary>Durations as people read them: "45 s", "3 min 05 s", "2 h 10 min" for how long something takes, and a
/// clock ("3:05", "1:02:03") for a chart's time axis.</summary>
public static class Durations
{
    public static string Format(TimeSpan span) => span switch
    {
        { TotalSeconds: < 1 } => "under 1 s",
        { TotalMinutes: < 1 } => $"{(int)span.TotalSeconds} s",
        { TotalHours: < 1 } => $"{(int)span.TotalMinutes} min {span.Seconds:00} s",
        { TotalDays: < 1 } => $"{(int)span.TotalHours} h {span.Minutes:00} min",
        _ => $"{(int)span.TotalDays} d {span.Hours} h",
    };

    public static string Clock(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}:{span.Seconds:00}");
}
