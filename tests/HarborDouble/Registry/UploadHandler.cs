namespace HarborDouble.Registry;

/// <summary>
/// Blob uploads and mounts through Harbor's middlewares (docs/harbor.md#blob-uploads to
/// docs/harbor.md#storage-quota): proxy-cache projects refuse pushes, quota is
/// reserved before the registry sees the request and released after, and committed blobs are associated with the
/// project.
/// </summary>
internal sealed class UploadHandler(HarborStore store, RegistryForwarder forwarder)
{
    /// <summary>`POST .../blobs/uploads/`, with or without `mount`.</summary>
    public async Task StartAsync(HttpContext context, ProjectRecord project)
    {
        if (project.IsProxyCache)
        {
            await ProxyCacheDenied(project).ExecuteAsync(context);
            return;
        }
        var query = context.Request.Query;
        var mount = query["mount"].ToString();
        var isMount = mount.Length > 0 && query["from"].Count > 0;
        // A mount costs the blob's size unless the project has it already; a plain POST reserves 0 bytes,
        // which fails only when the project is already over its limit [v2.9+] (docs/harbor.md#storage-quota).
        var delta = isMount && !store.IsAssociated(project, mount) ? store.BlobSize(mount) ?? 0 : 0;
        if (store.TryReserve(project, delta) is { } overflow)
        {
            await HarborError.Denied(overflow).ExecuteAsync(context);
            return;
        }
        try
        {
            // No single-POST upload: the body and `?digest=` are not passed on, so the registry always
            // opens a session and answers 202 (docs/harbor.md#blob-uploads, docs/distribution.md#blob-uploads).
            var forwarded = string.Join('&', query.Where(q => q.Key != "digest")
                .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}")));
            var path = context.Request.Path + (forwarded.Length > 0 ? "?" + forwarded : "");
            var status = await forwarder.ForwardAsync(context, path, RegistryForwarder.Empty());
            if (isMount && status == 201) store.RecordBlob(project, mount, store.BlobSize(mount) ?? 0);
        }
        finally
        {
            store.Release(project, delta);
        }
    }

    /// <summary>`PATCH <Location>`: Harbor remembers the accepted size from the response's Range.</summary>
    public async Task PatchAsync(HttpContext context, V2Route route)
    {
        using var response = await forwarder.SendAsync(context, PathAndQuery(context), RegistryForwarder.StreamBody(context.Request));
        if (RegistryForwarder.AcceptedBytes(response) is { } accepted) store.AddUploadedBytes(route.Reference, accepted);
        await RegistryForwarder.CopyAsync(context, response);
    }

    /// <summary>`PUT <Location>&amp;digest=`: reserves Content-Length, or what the PATCHes sent when it is missing
    /// or 0; a blob the project already has costs nothing (docs/harbor.md#blob-uploads).</summary>
    public async Task CommitAsync(HttpContext context, V2Route route, ProjectRecord project)
    {
        var digest = context.Request.Query["digest"].ToString();
        var length = context.Request.ContentLength ?? 0;
        var patched = store.UploadedBytes(route.Reference);
        var delta = digest.Length == 0 || store.IsAssociated(project, digest) ? 0 : length > 0 ? length : patched;
        if (store.TryReserve(project, delta) is { } overflow)
        {
            await HarborError.Denied(overflow).ExecuteAsync(context);
            return;
        }
        try
        {
            var status = await forwarder.ForwardAsync(context, PathAndQuery(context), RegistryForwarder.StreamBody(context.Request));
            if (status == 201)
            {
                store.RecordBlob(project, digest, patched + length);
                store.ForgetUpload(route.Reference);
            }
        }
        finally
        {
            store.Release(project, delta);
        }
    }

    public static HarborError ProxyCacheDenied(ProjectRecord project) =>
        HarborError.Denied($"can not push artifact to a proxy project: {project.Name}");

    public static string PathAndQuery(HttpContext context) => context.Request.Path + context.Request.QueryString.ToString();
}
