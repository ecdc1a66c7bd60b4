namespace Web;

/// <summary><c>dotnet Web.dll --healthcheck</c>: the container's HEALTHCHECK, since the runtime image has no curl.</summary>
internal static class HealthCheckCommand
{
    public static bool IsRequested(string[] args) => args.Contains("--healthcheck");

    public static async Task<int> RunAsync()
    {
        var url = Environment.GetEnvironmentVariable("DASHBOARD_HEALTH_URL") ?? "http://127.0.0.1:8080/healthz";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(4) };
        try
        {
            using var response = await http.GetAsync(url);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException)
        {
            return 1;
        }
    }
}
