using System.Net;
using System.Text.Json;

namespace HarborDouble.Tests.Fixtures;

/// <summary>Reading Harbor's answers in tests.</summary>
public static class HttpAssert
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts Harbor's envelope (one error, code and message, no `detail`) and returns it.</summary>
    public static async Task<(string Code, string Message)> ErrorAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var error = JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateArray().Single();
        Assert.False(error.TryGetProperty("detail", out _), text);
        return (error.GetProperty("code").GetString()!, error.GetProperty("message").GetString()!);
    }

    public static async Task<JsonElement> OkJsonAsync(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = response.Content is null ? "" : await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
    }

    /// <summary>The raw `Www-Authenticate` value, which may be empty.</summary>
    public static string? Challenge(this HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values) ? string.Join(", ", values) : null;

    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.NonValidated.TryGetValues(name, out var content) ? string.Join(", ", content) : null;

    public static StringContent Json(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    public static IEnumerable<string> Names(this JsonElement array, string property = "name") =>
        array.EnumerateArray().Select(e => e.GetProperty(property).GetString()!);
}
