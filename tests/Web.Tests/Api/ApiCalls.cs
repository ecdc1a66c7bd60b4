using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Web.Tests.Api;

/// <summary>The automation API as the tests' scripts call it: POST JSON and check the status, poll until a job ends.</summary>
public static class ApiCalls
{
    /// <summary>POSTs <paramref name="body"/> and returns the JSON answer; the status must be one of
    /// <paramref name="expected"/>, or any success when none is given.</summary>
    public static async Task<JsonElement> PostAsync(HttpClient api, string path, object body, params HttpStatusCode[] expected)
    {
        using var response = await api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        var ok = expected.Length == 0 ? response.IsSuccessStatusCode : expected.Contains(response.StatusCode);
        Assert.True(ok, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>POSTs a new connection, scan or migration and returns its id.</summary>
    public static async Task<int> CreateAsync(HttpClient api, string path, object body, params HttpStatusCode[] expected) =>
        (await PostAsync(api, path, body, expected)).GetProperty("id").GetInt32();

    /// <summary>Adds the Harbor double as a target connection, with its admin login, and returns its id.</summary>
    public static Task<int> AddHarborTargetAsync(HttpClient api, HarborDouble.HarborDoubleServer harbor, string name = "harbor") =>
        CreateAsync(api, "/api/connections", new
        {
            name, role = "target", location = harbor.BaseUri.ToString(), username = harbor.AdminUser, password = harbor.AdminPassword,
        });

    /// <summary>Reads <paramref name="path"/> (a scan or a migration) until its status is no longer Queued or Running,
    /// or the deadline passes; returns the last answer.</summary>
    public static async Task<JsonElement> WaitForEndAsync(HttpClient api, string path, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var state = JsonDocument.Parse(await api.GetStringAsync(path)).RootElement.Clone();
            if (state.GetProperty("status").GetString() is not ("Queued" or "Running") || DateTime.UtcNow > deadline) return state;
            await Task.Delay(250);
        }
    }
}
