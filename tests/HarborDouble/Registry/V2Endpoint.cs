namespace HarborDouble.Registry;

/// <summary>
/// The `/v2/` edge, in the order of Harbor's middlewares (docs/harbor.md#the-v2-edge): repository names need two
/// components (400 first), then auth (<see cref="V2Authorizer"/>), then the per-route handling. What Harbor passes
/// through untouched goes straight to the inner registry.
/// </summary>
internal sealed class V2Endpoint(HarborStore store, HarborSettings settings, V2Authorizer authorizer, RegistryForwarder forwarder,
    ManifestHandler manifests, UploadHandler uploads, ListingHandler listings)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var route = V2Route.Parse(request.Path);
        var tag = RequestTag.Of(context);
        tag.Kind = KindOf(route, request);
        if (route.Kind == V2RouteKind.Unknown)
        {
            await HarborError.NotFound($"path {request.Path} was not found").ExecuteAsync(context);
            return;
        }
        var accesses = new List<V2Access>();
        if (route.IsRepository)
        {
            tag.Project = route.Project;
            // The artifact-info middleware rejects one-component names, also in a mount's `from`
            // (docs/harbor.md#the-v2-edge, docs/harbor.md#mounts).
            var from = route.Kind == V2RouteKind.UploadStart && request.Query["mount"].Count > 0 ? request.Query["from"].ToString() : null;
            foreach (var name in new[] { route.Name, from }.OfType<string>())
            {
                if (!name.Contains('/'))
                {
                    await HarborError.BadRequest($"invalid repository name: {name}").ExecuteAsync(context);
                    return;
                }
            }
            if (route.Kind == V2RouteKind.Manifest && !ManifestHandler.IsValidReference(route.Reference))
            {
                await HarborError.NotFound("invalid reference format").ExecuteAsync(context);
                return;
            }
            accesses.Add(new V2Access(route.Name, V2Access.ActionOf(request.Method)));
            if (from is not null) accesses.Add(new V2Access(from, Actions.Pull));
            if (route.Kind == V2RouteKind.Upload && HttpMethods.IsPut(request.Method)) tag.Digest = request.Query["digest"];
            if (route.Kind == V2RouteKind.UploadStart && from is not null) tag.Digest = request.Query["mount"];
        }
        if (authorizer.Check(context, route, accesses) is { } denial)
        {
            await denial.WriteAsync(context);
            return;
        }
        var project = route.IsRepository ? store.FindProject(route.Project)! : null;
        var method = request.Method;
        switch (route.Kind)
        {
            case V2RouteKind.Base:
                await forwarder.ForwardAsync(context, "/v2/", null);
                break;
            case V2RouteKind.Catalog:
                await listings.CatalogAsync(context);
                break;
            case V2RouteKind.TagsList:
                await listings.TagsAsync(context, route);
                break;
            case V2RouteKind.Referrers:
                await listings.ReferrersAsync(context, route);
                break;
            case V2RouteKind.Manifest when HttpMethods.IsGet(method) || HttpMethods.IsHead(method):
                await manifests.ReadAsync(context, route, project!);
                break;
            case V2RouteKind.Manifest when HttpMethods.IsPut(method):
                await settings.ManifestPutGate.WaitAsync(context.RequestAborted);
                await manifests.PutAsync(context, route, project!);
                break;
            case V2RouteKind.Manifest when HttpMethods.IsDelete(method):
                await manifests.DeleteAsync(context, route);
                break;
            case V2RouteKind.Blob when HttpMethods.IsHead(method) && store.BlobSize(route.Reference) is null:
                // Harbor looks the blob up in its own table first, across projects (docs/harbor.md#blob-uploads).
                await HarborError.NotFound($"blob {route.Reference} not found").ExecuteAsync(context);
                break;
            case V2RouteKind.UploadStart when HttpMethods.IsPost(method):
                await uploads.StartAsync(context, project!);
                break;
            case V2RouteKind.Upload when HttpMethods.IsPatch(method):
                await uploads.PatchAsync(context, route);
                break;
            case V2RouteKind.Upload when HttpMethods.IsPut(method):
                await uploads.CommitAsync(context, route, project!);
                break;
            default:
                await forwarder.ForwardAsync(context, UploadHandler.PathAndQuery(context), RegistryForwarder.StreamBody(request));
                break;
        }
    }

    private static HarborRequestKind KindOf(V2Route route, HttpRequest request)
    {
        var method = request.Method;
        return route.Kind switch
        {
            V2RouteKind.Base => HarborRequestKind.V2Ping,
            V2RouteKind.Catalog => HarborRequestKind.Catalog,
            V2RouteKind.TagsList => HarborRequestKind.TagsList,
            V2RouteKind.Referrers => HarborRequestKind.Referrers,
            V2RouteKind.Manifest when HttpMethods.IsGet(method) => HarborRequestKind.ManifestGet,
            V2RouteKind.Manifest when HttpMethods.IsHead(method) => HarborRequestKind.ManifestHead,
            V2RouteKind.Manifest when HttpMethods.IsPut(method) => HarborRequestKind.ManifestPut,
            V2RouteKind.Manifest when HttpMethods.IsDelete(method) => HarborRequestKind.ManifestDelete,
            V2RouteKind.Blob when HttpMethods.IsHead(method) => HarborRequestKind.BlobHead,
            V2RouteKind.Blob when HttpMethods.IsGet(method) => HarborRequestKind.BlobGet,
            V2RouteKind.Blob when HttpMethods.IsDelete(method) => HarborRequestKind.BlobDelete,
            V2RouteKind.UploadStart when request.Query["mount"].Count > 0 => HarborRequestKind.Mount,
            V2RouteKind.UploadStart => HarborRequestKind.UploadStart,
            V2RouteKind.Upload when HttpMethods.IsPatch(method) => HarborRequestKind.UploadPatch,
            V2RouteKind.Upload when HttpMethods.IsPut(method) => HarborRequestKind.UploadCommit,
            V2RouteKind.Upload when HttpMethods.IsGet(method) => HarborRequestKind.UploadStatus,
            V2RouteKind.Upload when HttpMethods.IsDelete(method) => HarborRequestKind.UploadCancel,
            _ => HarborRequestKind.Other,
        };
    }
}
