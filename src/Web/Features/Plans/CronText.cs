using Cronos;

namespace Web.Features.Plans;

/// <summary>Cron expressions (five fields, UTC) checked, put into words, and their next times.</summary>
public static class CronText
{
    /// <summary>Null when valid; otherwise why not.</summary>
    public static string? Check(string cron)
    {
        try
        {
            Parse(cron);
            return null;
        }
        catch (CronFormatException ex)
        {
            return $"'{cron}' is not a cron expression (minute hour day-of-month month day-of-week): {ex.Message}";
        }
    }

    public static IReadOnlyList<DateTimeOffset> Next(string cron, DateTimeOffset from, int count) =>
        Parse(cron).GetOccurrences(from.UtcDateTime, from.UtcDateTime.AddYears(1), fromInclusive: false).Take(count)
            .Select(t => new DateTimeOffset(t, TimeSpan.Zero)).ToList();

    /// <summary>"every 15 minutes", "every hour at :30", "every day at 02:00 UTC", "Monday to Friday at 18:00 UTC"; the
    /// expression itself when it is none of the common shapes.</summary>
    public static string Describe(string cron)
    {
        var f = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length == 6 && f[0].StartsWith("*/", StringComparison.Ordinal) && f.Skip(1).All(x => x == "*")) return $"every {f[0][2..]} seconds";
        if (f.Length != 5) return cron;
        var (minute, hour, day, month, weekday) = (f[0], f[1], f[2], f[3], f[4]);
        var everyDay = day == "*" && month == "*";
        if (everyDay && weekday == "*" && hour == "*")
        {
            if (minute == "*") return "every minute";
            if (minute.StartsWith("*/", StringComparison.Ordinal) && int.TryParse(minute[2..], out var step)) return step == 1 ? "every minute" : $"every {step} minutes";
            if (int.TryParse(minute, out var at)) return at == 0 ? "every hour" : $"every hour at :{at:00}";
        }
        if (everyDay && int.TryParse(minute, out var m))
        {
            if (hour.StartsWith("*/", StringComparison.Ordinal) && int.TryParse(hour[2..], out var hours) && weekday == "*")
                return $"every {hours} hours at :{m:00}";
            if (int.TryParse(hour, out var h))
            {
                var time = $"{h:00}:{m:00} UTC";
                return weekday switch
                {
                    "*" => $"every day at {time}",
                    "1-5" => $"Monday to Friday at {time}",
                    _ when int.TryParse(weekday, out var d) && d is >= 0 and <= 7 => $"every {Days[d % 7]} at {time}",
                    _ => cron,
                };
            }
        }
        return cron;
    }

    private static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    // Six fields: seconds first, as Hangfire takes them.
    private static CronExpression Parse(string cron) =>
        CronExpression.Parse(cron, cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
}
