namespace HarborDouble.Registry;

/// <summary>
/// Core's reverse proxy to the inner registry: streams bodies both ways (nginx has buffering off and no size limit on
/// `/v2/`, docs/harbor.md#the-v2-edge), never follows redirects, and sends the double's own Host so the registry's
/// absolute Location URLs point back at the double. The client's credentials stay at the edge: the inner registry has
/// no auth.
/// </summary>
internal sealed class RegistryForwarder : IDisposable
{
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Authorization", "Cookie", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade",
        "Proxy-Authorization", "Proxy-Connection", "Expect",
    };

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The inner registry; set once it listens.</summary>
    public Uri Registry { get; set; } = new("http://127.0.0.1/");

    /// <summary>Sends the request on with <paramref name="content"/> as its body; the caller disposes the response.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpContext context, string pathAndQuery, HttpContent? content)
    {
        var request = context.Request;
        using var outgoing = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(Registry, pathAndQuery)) { Content = content };
        foreach (var header in request.Headers)
        {
            if (NotForwarded.Contains(header.Key) || header.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)) continue;
            outgoing.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        }
        outgoing.Headers.Host = request.Host.Value;
        return await _http.SendAsync(outgoing, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
    }

    /// <summary>Sends on and copies the answer back unchanged, registry errors (and 5xx) included
    /// (docs/harbor.md#the-v2-edge).</summary>
    public async Task<int> ForwardAsync(HttpContext context, string pathAndQuery, HttpContent? content)
    {
        using var response = await SendAsync(context, pathAndQuery, content);
        await CopyAsync(context, response);
        return (int)response.StatusCode;
    }

    /// <summary>The client's body as a stream, with its Content-* headers; null when it sent none.</summary>
    public static HttpContent? StreamBody(HttpRequest request)
    {
        if (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0) return null;
        var content = new StreamContent(request.Body);
        foreach (var header in request.Headers.Where(h => h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)))
            content.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        return content;
    }

    public static HttpContent Bytes(byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (!string.IsNullOrEmpty(contentType)) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    public static HttpContent Empty() => new ByteArrayContent([]) { Headers = { ContentLength = 0 } };

    public static async Task CopyAsync(HttpContext context, HttpResponseMessage response)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (header.Key is "Transfer-Encoding" or "Connection") continue;
            context.Response.Headers[header.Key] = header.Value.ToArray();
        }
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public static void AddHeader(HttpResponseMessage response, string name, string value) =>
        response.Headers.TryAddWithoutValidation(name, value);

    public void Dispose() => _http.Dispose();

    /// <summary>`Range: 0-N` as distribution sends it, to the number of bytes accepted.</summary>
    public static long? AcceptedBytes(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Range", out var values) && values.FirstOrDefault() is { } range
        && range.Split('-') is [_, var end] && long.TryParse(end, out var last) ? last + 1 : null;
}
