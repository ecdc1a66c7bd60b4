using System.Text.RegularExpressions;

namespace HarborDouble.Registry;

/// <summary>
/// `/v2/&lt;name&gt;/manifests/&lt;reference&gt;`. Reads are answered from the double's rows first (unknown → Harbor's
/// `NOT_FOUND`) and pass the pull policies; a PUT goes through proxy-cache, immutable-tag, quota and parsing checks, is
/// forwarded by digest (tags live in the double, v2.15+), and on 201 becomes artifact and tag rows
/// (docs/harbor.md#manifest-pushes, docs/harbor.md#reading-through-v2).
/// </summary>
internal sealed partial class ManifestHandler(HarborStore store, RegistryForwarder forwarder, PullPolicy policy, ApiModels models)
{
    /// <summary>The registry's own limit, and Harbor's since v2.16 (docs/harbor.md#manifest-media-types); also bounds
    /// what the double buffers.</summary>
    public const int MaxManifestBytes = 4 << 20;

    [GeneratedRegex("^(?:[\\w][\\w.-]{0,127}|[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+)$")]
    private static partial Regex ReferenceFormat();

    public static bool IsValidReference(string reference) => ReferenceFormat().IsMatch(reference);

    public async Task ReadAsync(HttpContext context, V2Route route, ProjectRecord project)
    {
        var artifact = store.FindRepository(route.Name) is { } repository ? store.FindArtifact(repository, route.Reference) : null;
        if (artifact is null)
        {
            await ArtifactEndpoints.NotFound(route.Name, route.Reference).ExecuteAsync(context);
            return;
        }
        if (policy.Check(project, artifact) is { } violation)
        {
            await violation.ExecuteAsync(context);
            return;
        }
        RequestTag.Of(context).Digest = artifact.Digest;
        var status = await forwarder.ForwardAsync(context, $"/v2/{route.Name}/manifests/{artifact.Digest}{context.Request.QueryString}", null);
        if (status == 200 && HttpMethods.IsGet(context.Request.Method)) store.Read(() => artifact.Repository.PullCount++);
    }

    public async Task PutAsync(HttpContext context, V2Route route, ProjectRecord project)
    {
        if (project.IsProxyCache)
        {
            await UploadHandler.ProxyCacheDenied(project).ExecuteAsync(context);
            return;
        }
        var tag = route.Reference.Contains(':') ? null : route.Reference;
        if (tag is not null && IsImmutableRepush(route, tag))
        {
            // Even the same digest again: idempotent re-runs fail here (docs/harbor.md#immutable-tags).
            await HarborError.Precondition($"Failed to process request due to '{route.ShortName}:{tag}' configured as immutable.").ExecuteAsync(context);
            return;
        }
        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            await HarborError.TooLarge($"the manifest is larger than {MaxManifestBytes} bytes").ExecuteAsync(context);
            return;
        }
        var contentType = context.Request.ContentType;
        var (manifest, invalid) = ManifestParser.Parse(contentType, body);
        if (invalid is not null)
        {
            await invalid.ExecuteAsync(context);
            return;
        }
        RequestTag.Of(context).Digest = manifest!.Digest;
        var delta = store.Read(() => (store.IsAssociated(project, manifest.Digest) ? 0 : body.Length)
            + manifest.References.Where(d => !d.IsForeign && !store.IsAssociated(project, d.Digest)).Sum(d => d.Size));
        if (store.TryReserve(project, delta) is { } overflow)
        {
            await HarborError.Denied(overflow).ExecuteAsync(context);
            return;
        }
        try
        {
            var repository = store.EnsureRepository(project, route.Name);
            var target = tag is null ? route.Reference : manifest.Digest;
            using var response = await forwarder.SendAsync(context, $"/v2/{route.Name}/manifests/{target}", RegistryForwarder.Bytes(body, contentType));
            if ((int)response.StatusCode == 201)
            {
                var (_, missingChild) = store.RecordManifest(repository, manifest, tag);
                if (missingChild is not null)
                {
                    // The registry kept the manifest, but Harbor cannot record the index
                    // (docs/harbor.md#manifest-pushes).
                    await ArtifactEndpoints.NotFound(route.Name, missingChild).ExecuteAsync(context);
                    return;
                }
                // distribution 2.8 knows nothing of referrers; Harbor's subject middleware sets this
                // (docs/harbor.md#manifest-pushes).
                if (manifest.Subject is { } subject) RegistryForwarder.AddHeader(response, "OCI-Subject", subject.Digest);
            }
            await RegistryForwarder.CopyAsync(context, response);
        }
        finally
        {
            store.Release(project, delta);
        }
    }

    /// <summary>Only digests can be deleted on `/v2`; a tag is 400 UNSUPPORTED
    /// (docs/harbor.md#manifest-pushes).</summary>
    public async Task DeleteAsync(HttpContext context, V2Route route)
    {
        if (!route.Reference.Contains(':'))
        {
            await HarborError.Unsupported("invalid checksum digest format").ExecuteAsync(context);
            return;
        }
        var artifact = store.FindRepository(route.Name) is { } repository ? store.FindArtifact(repository, route.Reference) : null;
        if (artifact is null)
        {
            await ArtifactEndpoints.NotFound(route.Name, route.Reference).ExecuteAsync(context);
            return;
        }
        var status = await forwarder.ForwardAsync(context, UploadHandler.PathAndQuery(context), null);
        if (status == 202) store.DeleteArtifact(artifact);
    }

    private bool IsImmutableRepush(V2Route route, string tag) => store.Read(() =>
        store.FindRepository(route.Name) is { } repository && store.FindTag(repository, tag) is not null && models.IsImmutable(repository, tag));

    /// <summary>Manifests are small and must be parsed before forwarding; anything past the limit is refused.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxManifestBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxManifestBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
