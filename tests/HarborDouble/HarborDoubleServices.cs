namespace HarborDouble;

/// <summary>Wiring of the double: its services, its middleware chain in Harbor core's order, and its routes.</summary>
internal static class HarborDoubleServices
{
    public static IServiceCollection AddHarborDouble(this IServiceCollection services, HarborDoubleOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<HarborSettings>();
        services.AddSingleton<HarborStore>();
        services.AddSingleton<HarborRequestLog>();
        services.AddSingleton<TokenSigner>();
        services.AddSingleton<Authenticator>();
        services.AddSingleton<AccessControl>();
        services.AddSingleton<RegistryForwarder>();
        services.AddSingleton<ProjectAccess>();
        services.AddSingleton<ApiModels>();
        services.AddSingleton<SystemEndpoints>();
        services.AddSingleton<UserEndpoints>();
        services.AddSingleton<ProjectEndpoints>();
        services.AddSingleton<ProjectCreation>();
        services.AddSingleton<RepositoryEndpoints>();
        services.AddSingleton<ArtifactEndpoints>();
        services.AddSingleton<TokenEndpoints>();
        services.AddSingleton<V2Authorizer>();
        services.AddSingleton<PullPolicy>();
        services.AddSingleton<ManifestHandler>();
        services.AddSingleton<UploadHandler>();
        services.AddSingleton<ListingHandler>();
        services.AddSingleton<V2Endpoint>();
        return services;
    }

    /// <summary>Harbor core's order (`src/core/middlewares`): request id, session and CSRF, security, read-only;
    /// then `/v2` to the registry edge and the rest to the API routes.</summary>
    public static WebApplication UseHarborDouble(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseMiddleware<InternalErrorMiddleware>();
        app.UseMiddleware<CsrfMiddleware>();
        app.UseMiddleware<SecurityMiddleware>();
        app.UseMiddleware<ReadOnlyMiddleware>();
        var v2 = app.Services.GetRequiredService<V2Endpoint>();
        app.MapWhen(context => context.Request.Path.StartsWithSegments("/v2"), branch => branch.Run(v2.HandleAsync));
        app.UseMiddleware<ApiPathMiddleware>();
        app.UseRouting();
        app.Services.GetRequiredService<SystemEndpoints>().Map(app);
        app.Services.GetRequiredService<UserEndpoints>().Map(app);
        app.Services.GetRequiredService<ProjectEndpoints>().Map(app);
        app.Services.GetRequiredService<ProjectCreation>().Map(app);
        app.Services.GetRequiredService<RepositoryEndpoints>().Map(app);
        app.Services.GetRequiredService<ArtifactEndpoints>().Map(app);
        app.Services.GetRequiredService<TokenEndpoints>().Map(app);
        app.MapFallback(context => HarborError.NotFound($"path {context.Request.Path} was not found").ExecuteAsync(context));
        return app;
    }
}
