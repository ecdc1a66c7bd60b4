using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using HarborDouble.Api;
using HarborDouble.Api.Models;
using Registry.Testing;
using Xunit.Abstractions;

namespace HarborDouble.Tests.Swagger;

/// <summary>
/// Holds the double to Harbor's own OpenAPI file: every `/api/v2.0` route it serves exists there, every answer's
/// status is one the spec lists for the operation, every JSON body fits the spec's schema (names and types,
/// recursively), and the request body it binds (`ProjectReq`) has the spec's fields. Where the contract documents
/// Harbor answering with a status its own spec leaves out, the probe names the section.
/// </summary>
[Collection(HarborCollection.Name)]
public sealed class SwaggerConformanceTests(HarborFixture harbor, ITestOutputHelper output)
{
    /// <summary>Statuses real Harbor sends that its swagger file does not list for the operation.</summary>
    private static readonly Dictionary<(string Method, string Path, int Status), string> Undocumented = new()
    {
        [("HEAD", "/projects", 401)] = "docs/harbor.md#project-existence: anonymous HEAD is 401",
        [("POST", "/projects", 403)] =
            "docs/harbor.md#creating-projects: adminonly restriction, project-level robot, registry_id from a non-admin",
        [("POST", "/projects", 422)] = "docs/harbor.md#creating-projects: swagger validation, a name over 255 characters",
        [("DELETE", "/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/tags/{tag_name}", 412)] =
            "docs/harbor.md#deleting-tags: the tag controller refuses an immutable tag",
    };

    private readonly SwaggerSpec _spec = SwaggerSpec.Load();

    [Fact]
    public async Task EveryApiAnswer_HasAListedStatus_AndABodyThatFitsTheSchema()
    {
        var probes = await ProbesAsync();
        var problems = new List<string>();
        var exercised = new HashSet<(string, string)>();
        foreach (var probe in probes)
        {
            using var client = probe.Client();
            using var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Url.TrimStart('/'));
            if (probe.Body is not null) request.Content = HttpAssert.Json(probe.Body);
            foreach (var (name, value) in probe.Headers ?? []) request.Headers.Add(name, value);
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            var label = $"{probe.Method} {probe.Url} ({probe.Who}) → {status}";
            exercised.Add((probe.Method, SwaggerSpec.Normalize(probe.SpecPath)));
            output.WriteLine(label);

            var operation = _spec.Operation(probe.SpecPath, probe.Method);
            if (operation is null)
            {
                problems.Add($"{label}: the spec has no {probe.Method} {probe.SpecPath}");
                continue;
            }
            var specResponse = _spec.Response(operation, status);
            if (specResponse is null)
            {
                if (!Undocumented.ContainsKey((probe.Method, probe.SpecPath, status)))
                    problems.Add($"{label}: the spec lists only {string.Join(", ", _spec.Statuses(operation))}");
                // An unlisted error has Harbor's error envelope, the schema of any listed 4xx.
                specResponse = status / 100 == 2 ? _spec.Response(operation, 200)
                    : _spec.Response(operation, 400) ?? _spec.Response(operation, 404) ?? _spec.Response(operation, 403);
            }
            var text = await response.Content.ReadAsStringAsync();
            problems.AddRange(CheckBody(label, probe.Method, response, text, specResponse));
            if (specResponse is not null && SwaggerSpec.Declares(specResponse, "X-Total-Count") && response.Header("X-Total-Count") is null)
                problems.Add($"{label}: no X-Total-Count header");
            if (response.Header("X-Request-Id") is null) problems.Add($"{label}: no X-Request-Id header");
        }

        foreach (var (pattern, methods) in harbor.Server.Routes.Where(r => r.Pattern.StartsWith(_spec.BasePath + "/", StringComparison.Ordinal)))
        {
            var path = pattern[_spec.BasePath.Length..];
            foreach (var method in methods)
            {
                if (_spec.Operation(path, method) is null) problems.Add($"route {method} {path} is not in the spec");
                if (!exercised.Contains((method, SwaggerSpec.Normalize(path)))) problems.Add($"route {method} {path} has no probe here");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void ProjectReq_TheDoubleBinds_HasExactlyTheSpecsFields()
    {
        var metadata = new ProjectMetadataReq("true", "false", "false", "false", "low", "false", "false", "true", "1", "-1", "-1",
            "false", "false", "**", "doublestar");
        var request = new ProjectReq("p", true, metadata, new JsonObject { ["items"] = new JsonArray() }, 1024, 1);
        var json = JsonSerializer.SerializeToElement(request, HarborJson.Options);
        var definition = _spec.Definition("ProjectReq");
        Assert.Empty(_spec.Validate(json, definition, "ProjectReq"));
        Assert.Equal(SwaggerSpec.PropertyNames(definition).Order(), json.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(SwaggerSpec.PropertyNames(_spec.Definition("ProjectMetadata")).Order(),
            json.GetProperty("metadata").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public void Validator_FlagsUnknownNamesWrongTypesAndBadTimes()
    {
        var project = JsonSerializer.SerializeToElement(new
        {
            project_id = "7", name = "p", surprise = 1, creation_time = "yesterday", metadata = new { @public = true },
        });
        var problems = _spec.Validate(project, _spec.Definition("Project"), "p").ToList();
        Assert.Contains("p.project_id: \"7\" is not an integer", problems);
        Assert.Contains("p.surprise: not a property of the spec's schema", problems);
        Assert.Contains("p.creation_time: 'yesterday' is not a date-time", problems);
        Assert.Contains("p.metadata.public: True where the spec has a string", problems);
        Assert.Equal(4, problems.Count);
    }

    private IEnumerable<string> CheckBody(string label, string method, HttpResponseMessage response, string text, YamlDotNet.RepresentationModel.YamlMappingNode? specResponse)
    {
        var schema = specResponse is null ? null : _spec.Schema(specResponse);
        if (method == "HEAD" || schema is null)
        {
            if (text.Length > 0) yield return $"{label}: a body where the spec has none: {text}";
            yield break;
        }
        if (response.Content.Headers.ContentType?.MediaType == "text/plain")
        {
            if (text.Length == 0) yield return $"{label}: empty text body";
            yield break;
        }
        JsonElement body;
        try
        {
            body = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            body = default;
        }
        if (body.ValueKind == JsonValueKind.Undefined)
        {
            yield return $"{label}: not JSON: {text}";
            yield break;
        }
        foreach (var problem in _spec.Validate(body, schema, "body")) yield return $"{label}: {problem}";
    }

    /// <summary>Requests covering each route with the answers that matter: success, 4xx of each kind the double sends.</summary>
    private async Task<List<Probe>> ProbesAsync()
    {
        var project = harbor.Name("conform");
        var projectId = harbor.Server.CreateProject(project, storageLimit: 1 << 30);
        harbor.Server.AddImmutableTagRule(project, "v*");
        var user = harbor.NewUser();
        var projectRobot = harbor.Server.AddRobot(harbor.Name("conform"), "s", "library");
        using (var pusher = new ImagePusher(harbor.BaseUri, harbor.Server.AdminUser, harbor.Server.AdminPassword))
        {
            var child = await pusher.PushImageAsync($"{project}/team/app", null, new ImageSpec([new LayerSpec(41, 64)]) { Oci = true });
            await pusher.PushIndexAsync($"{project}/team/app", "v1", [child], oci: true);
            await pusher.PushImageAsync($"{project}/team/app", "plain", new ImageSpec([new LayerSpec(42, 64)]));
        }
        Func<HttpClient> anonymous = () => harbor.Client();
        Func<HttpClient> admin = harbor.Admin;
        Func<HttpClient> member = () => harbor.Client(user, "pw-" + user);
        Func<HttpClient> robot = () => harbor.Client(projectRobot, "s");
        var repo = $"/projects/{project}/repositories/team%252Fapp";
        var specRepo = "/projects/{project_name}/repositories/{repository_name}";
        var full = new
        {
            project_name = harbor.Name("conform-full"), @public = false, storage_limit = 2048, registry_id = 5,
            metadata = new { @public = "false", auto_scan = "true", severity = "high", enable_content_trust_cosign = "false" },
            cve_allowlist = new { items = Array.Empty<object>() },
        };
        return
        [
            new("anonymous", anonymous, "GET", "/ping", "/ping"),
            new("anonymous", anonymous, "GET", "/health", "/health"),
            new("anonymous", anonymous, "GET", "/systeminfo", "/systeminfo"),
            new("admin", admin, "GET", "/systeminfo", "/systeminfo"),
            new("admin", admin, "GET", "/users/current", "/users/current"),
            new("robot", robot, "GET", "/users/current", "/users/current"),
            new("anonymous", anonymous, "GET", "/users/current", "/users/current"),
            new("admin", admin, "GET", "/users/current/permissions", "/users/current/permissions"),
            new("robot", robot, "GET", "/users/current/permissions", "/users/current/permissions?scope=/project/1&relative=true"),
            new("anonymous", anonymous, "GET", "/users/current/permissions", "/users/current/permissions"),
            new("admin", admin, "HEAD", "/projects", $"/projects?project_name={project}"),
            new("admin", admin, "HEAD", "/projects", "/projects?project_name=conform-none"),
            new("anonymous", anonymous, "HEAD", "/projects", $"/projects?project_name={project}"),
            new("anonymous", anonymous, "GET", "/projects", "/projects"),
            new("admin", admin, "GET", "/projects", "/projects?page_size=100&with_detail=true"),
            new("admin", admin, "GET", "/projects", "/projects?page_size=101"),
            new("admin", admin, "GET", "/projects", "/projects?q=nokeyvalue"),
            new("admin", admin, "POST", "/projects", "/projects", full),
            new("admin", admin, "POST", "/projects", "/projects", new { project_name = project }),
            new("admin", admin, "POST", "/projects", "/projects", new { project_name = "Bad_Name" }),
            new("admin", admin, "POST", "/projects", "/projects", new { project_name = new string('a', 256) }),
            new("anonymous", anonymous, "POST", "/projects", "/projects", new { project_name = harbor.Name("conform-anon") }),
            new("robot", robot, "POST", "/projects", "/projects", new { project_name = harbor.Name("conform-robot") }),
            new("admin", admin, "GET", "/projects/{project_name_or_id}", $"/projects/{project}"),
            new("admin", admin, "GET", "/projects/{project_name_or_id}", $"/projects/{projectId}"),
            new("admin", admin, "GET", "/projects/{project_name_or_id}", "/projects/conform-none"),
            new("member", member, "GET", "/projects/{project_name_or_id}", "/projects/conform-none"),
            new("anonymous", anonymous, "GET", "/projects/{project_name_or_id}", $"/projects/{project}"),
            new("admin", admin, "GET", "/projects/{project_name_or_id}/summary", $"/projects/{project}/summary"),
            new("member", member, "GET", "/projects/{project_name_or_id}/summary", $"/projects/{project}/summary"),
            new("admin", admin, "GET", "/projects/{project_name_or_id}/immutabletagrules", $"/projects/{project}/immutabletagrules"),
            new("member", member, "GET", "/projects/{project_name_or_id}/immutabletagrules", $"/projects/{project}/immutabletagrules"),
            new("admin", admin, "GET", "/projects/{project_name}/repositories", $"/projects/{project}/repositories"),
            new("anonymous", anonymous, "GET", "/projects/{project_name}/repositories", $"/projects/{project}/repositories"),
            new("admin", admin, "GET", "/projects/{project_name}/repositories", $"/projects/{project}/repositories?page_size=101"),
            new("admin", admin, "GET", specRepo, repo),
            new("admin", admin, "GET", specRepo, $"/projects/{project}/repositories/none"),
            new("admin", admin, "GET", specRepo + "/artifacts", $"{repo}/artifacts?with_tag=true&with_immutable_status=true&with_accessory=true"),
            new("admin", admin, "GET", specRepo + "/artifacts", $"{repo}/artifacts?q=base%3D*"),
            new("member", member, "GET", specRepo + "/artifacts", $"{repo}/artifacts"),
            new("admin", admin, "GET", specRepo + "/artifacts/{reference}", $"{repo}/artifacts/v1?with_immutable_status=true"),
            new("admin", admin, "GET", specRepo + "/artifacts/{reference}", $"{repo}/artifacts/plain"),
            new("admin", admin, "GET", specRepo + "/artifacts/{reference}", $"{repo}/artifacts/none"),
            new("admin", admin, "GET", specRepo + "/artifacts/{reference}/tags", $"{repo}/artifacts/v1/tags"),
            new("admin", admin, "GET", specRepo + "/artifacts/{reference}/tags", $"{repo}/artifacts/none/tags"),
            new("member", member, "DELETE", specRepo + "/artifacts/{reference}/tags/{tag_name}", $"{repo}/artifacts/plain/tags/plain"),
            new("admin", admin, "DELETE", specRepo + "/artifacts/{reference}/tags/{tag_name}", $"{repo}/artifacts/v1/tags/v1"),
            new("admin", admin, "DELETE", specRepo + "/artifacts/{reference}/tags/{tag_name}", $"{repo}/artifacts/none/tags/none"),
            new("admin", admin, "DELETE", specRepo + "/artifacts/{reference}/tags/{tag_name}", $"{repo}/artifacts/plain/tags/plain"),
        ];
    }

    private sealed record Probe(string Who, Func<HttpClient> Client, string Method, string SpecPath, string Path,
        object? Body = null, Dictionary<string, string>? Headers = null)
    {
        public string Url => "/api/v2.0" + Path;
    }
}
