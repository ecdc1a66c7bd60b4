namespace Web.Features.Shared;

/// <summary>RFC 4180 quoting for the CSV downloads.</summary>
public static class Csv
{
    public static string Quote(string value) => value.IndexOfAny([',', '"', '\n']) < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";
}
