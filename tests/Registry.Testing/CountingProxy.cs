using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Registry.Testing;

/// <summary>One request as the proxy saw it.</summary>
public sealed record ProxiedRequest(string Method, string Path, string Query, int Status, long RequestBytes);

/// <summary>
/// A pass-through proxy in front of a real registry that records every request, so a test can count blob
/// uploads, mounts and bytes from the outside. <see cref="Fault"/> can cut a request body after N bytes,
/// the one thing no real server does on demand.
/// </summary>
public sealed class CountingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
    private readonly Uri _target;

    private CountingProxy(Uri target)
    {
        _target = target;
        Port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = null);
        _app = builder.Build();
        _app.Run(ForwardAsync);
    }

    public int Port { get; }
    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");
    public ConcurrentQueue<ProxiedRequest> Requests { get; } = new();

    /// <summary>When set and it returns a byte count for a request, the request body is cut after that many bytes
    /// and the connection dropped.</summary>
    public Func<HttpRequest, long?>? Fault { get; set; }

    /// <summary>When set and it returns a byte count for a request, the response body is cut after that many bytes and
    /// the connection dropped: a download that breaks mid-blob.</summary>
    public Func<HttpRequest, long?>? CutResponse { get; set; }

    /// <summary>When set and it returns a status, the proxy answers with it (and a Retry-After of one second for
    /// 429) instead of forwarding: a burst of 503s or throttling on demand.</summary>
    public Func<HttpRequest, int?>? Refuse { get; set; }

    public static async Task<CountingProxy> StartAsync(Uri target)
    {
        var proxy = new CountingProxy(target);
        await proxy._app.StartAsync();
        return proxy;
    }

    /// <summary>Bytes sent in blob upload bodies (PATCH and PUT to blobs/uploads).</summary>
    public long UploadedBytes => Requests.Where(IsUploadBody).Sum(r => r.RequestBytes);

    /// <summary>Blob uploads committed: PUTs to blobs/uploads answered 201.</summary>
    public int CommittedUploads => Requests.Count(r => r.Method == "PUT" && r.Path.Contains("/blobs/uploads/") && r.Status == 201);

    public int Mounts => Requests.Count(r => r.Method == "POST" && r.Query.Contains("mount=") && r.Status == 201);

    /// <summary>Digests committed by upload, with how many times each was committed.</summary>
    public IReadOnlyDictionary<string, int> CommittedDigests => Requests
        .Where(r => r.Method == "PUT" && r.Path.Contains("/blobs/uploads/") && r.Status == 201)
        .Select(r => Uri.UnescapeDataString(r.Query.Split("digest=")[1].Split('&')[0]))
        .GroupBy(d => d).ToDictionary(g => g.Key, g => g.Count());

    public void Reset() => Requests.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private static bool IsUploadBody(ProxiedRequest r) => r.Method is "PUT" or "PATCH" && r.Path.Contains("/blobs/uploads/");

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        if (Refuse?.Invoke(request) is { } refusal)
        {
            Requests.Enqueue(new ProxiedRequest(request.Method, request.Path, request.QueryString.Value ?? "", refusal, 0));
            context.Response.StatusCode = refusal;
            if (refusal == 429) context.Response.Headers.RetryAfter = "1";
            return;
        }
        var uri = new Uri(_target, request.Path.Value + request.QueryString.Value);
        using var outgoing = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        var counter = new CountingStream(request.Body, Fault?.Invoke(request));
        if (request.ContentLength is not null || request.Headers.TransferEncoding.Count > 0)
        {
            outgoing.Content = new StreamContent(counter);
            foreach (var header in request.Headers.Where(h => h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)))
                outgoing.Content.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        }
        foreach (var header in request.Headers.Where(h => !h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) && h.Key != "Host"))
            outgoing.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        // The registry builds Location URLs from Host; keep them pointing at the proxy.
        outgoing.Headers.Host = request.Host.Value;

        HttpResponseMessage response;
        try
        {
            response = await _upstream.SendAsync(outgoing, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (Exception) when (counter.Faulted)
        {
            Requests.Enqueue(new ProxiedRequest(request.Method, request.Path, request.QueryString.Value ?? "", 0, counter.Count));
            context.Abort();
            return;
        }
        using (response)
        {
            Requests.Enqueue(new ProxiedRequest(request.Method, request.Path, request.QueryString.Value ?? "", (int)response.StatusCode, counter.Count));
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                if (header.Key is "Transfer-Encoding") continue;
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
            if (CutResponse?.Invoke(request) is { } cut)
            {
                await CopyThenDropAsync(response, context, cut);
                return;
            }
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    private static async Task CopyThenDropAsync(HttpResponseMessage response, HttpContext context, long cut)
    {
        await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        var buffer = new byte[16 * 1024];
        for (long sent = 0; sent < cut;)
        {
            var read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, cut - sent)), context.RequestAborted);
            if (read == 0) break;
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            sent += read;
        }
        await context.Response.Body.FlushAsync(context.RequestAborted);
        context.Abort();
    }

    private sealed class CountingStream(Stream inner, long? cutAfter) : Stream
    {
        public long Count;
        public bool Faulted;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (cutAfter is { } cut)
            {
                if (Count >= cut)
                {
                    Faulted = true;
                    throw new IOException($"fault injected after {cut} bytes");
                }
                if (buffer.Length > cut - Count) buffer = buffer[..(int)(cut - Count)];
            }
            var read = await inner.ReadAsync(buffer, cancellationToken);
            Count += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
