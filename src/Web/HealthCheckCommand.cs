namespace Web;

/// <summary><c>dotnet Web.dll --healthcheck</c>: the container's HEALTHCHECK, since the runtime image has no curl.</summary>
internal static class HealthCheckCommand
{
    public static bool IsRequested(string[] args) => args.Contains("--healthcheck");

    public static async Task<int> RunAsync()
    {
        var port = Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS")?.Split(';')[0] ?? "8080";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(4) };
        try
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{port}/healthz");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException)
        {
            return 1;
        }
    }
}
