using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace HarborDouble.Tests.Swagger;

/// <summary>Harbor's OpenAPI 2.0 file (the copy in tests/HarborDouble/spec), read with YamlDotNet: operations,
/// their listed statuses and schemas, and a structural JSON check against a schema.</summary>
public sealed class SwaggerSpec
{
    private readonly YamlMappingNode _root;

    private SwaggerSpec(YamlMappingNode root) => _root = root;

    public string BasePath => Scalar(_root, "basePath") ?? "";

    public static SwaggerSpec Load()
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(AppContext.BaseDirectory, "spec", "harbor-swagger.yaml")))
            stream.Load(reader);
        return new SwaggerSpec((YamlMappingNode)stream.Documents[0].RootNode);
    }

    /// <summary>`/projects/{project_name}/x` and `/projects/{project}/x` are the same route.</summary>
    public static string Normalize(string path) => Regex.Replace(path, "\\{[^}]+\\}", "{}");

    public YamlMappingNode? Operation(string path, string method)
    {
        var paths = Map(_root, "paths")!;
        var entry = paths.Children.FirstOrDefault(p => Normalize(((YamlScalarNode)p.Key).Value!) == Normalize(path));
        return entry.Value is YamlMappingNode operations ? Map(operations, method.ToLowerInvariant()) : null;
    }

    public IReadOnlyList<string> Statuses(YamlMappingNode operation) =>
        Map(operation, "responses")!.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();

    /// <summary>The response object for a status, with `#/responses/...` references followed.</summary>
    public YamlMappingNode? Response(YamlMappingNode operation, int status)
    {
        var response = Map(Map(operation, "responses")!, status.ToString(CultureInfo.InvariantCulture));
        return response is null ? null : (YamlMappingNode)Resolve(response);
    }

    public YamlMappingNode Definition(string name) => Map(Map(_root, "definitions")!, name)!;

    /// <summary>Property names of an object schema, without the quotes the file puts around `'os.version'`.</summary>
    public static IReadOnlyList<string> PropertyNames(YamlMappingNode schema) =>
        Map(schema, "properties")?.Children.Keys.Select(k => ((YamlScalarNode)k).Value!.Trim('\'')).ToList() ?? [];

    /// <summary>Every place where <paramref name="value"/> does not fit <paramref name="schema"/>: unknown property
    /// names and wrong JSON types, recursively.</summary>
    public IEnumerable<string> Validate(JsonElement value, YamlNode schema, string at)
    {
        var resolved = (YamlMappingNode)Resolve(schema);
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (Scalar(resolved, "x-nullable") != "true") yield return $"{at}: null where the spec has no x-nullable";
            yield break;
        }
        var type = Scalar(resolved, "type") ?? (Map(resolved, "properties") is not null ? "object" : null);
        switch (type)
        {
            case "object":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    yield return $"{at}: {value.ValueKind} where the spec has an object";
                    yield break;
                }
                var properties = Map(resolved, "properties")?.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!.Trim('\''), p => p.Value);
                var additional = resolved.Children.TryGetValue(new YamlScalarNode("additionalProperties"), out var extra) ? extra : null;
                foreach (var property in value.EnumerateObject())
                {
                    var where = $"{at}.{property.Name}";
                    if (properties is not null && properties.TryGetValue(property.Name, out var propertySchema))
                    {
                        foreach (var problem in Validate(property.Value, propertySchema, where)) yield return problem;
                    }
                    else if (additional is YamlMappingNode additionalSchema)
                    {
                        foreach (var problem in Validate(property.Value, additionalSchema, where)) yield return problem;
                    }
                    else if (properties is not null && additional is not YamlScalarNode { Value: "true" })
                    {
                        yield return $"{where}: not a property of the spec's schema";
                    }
                }
                break;
            case "array":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    yield return $"{at}: {value.ValueKind} where the spec has an array";
                    yield break;
                }
                var items = resolved.Children[new YamlScalarNode("items")];
                var index = 0;
                foreach (var item in value.EnumerateArray())
                    foreach (var problem in Validate(item, items, $"{at}[{index++}]")) yield return problem;
                break;
            case "string":
                if (value.ValueKind != JsonValueKind.String) yield return $"{at}: {value.ValueKind} where the spec has a string";
                else if (Scalar(resolved, "format") == "date-time" && !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, out _))
                    yield return $"{at}: '{value.GetString()}' is not a date-time";
                break;
            case "integer":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out _)) yield return $"{at}: {value.GetRawText()} is not an integer";
                break;
            case "number":
                if (value.ValueKind != JsonValueKind.Number) yield return $"{at}: {value.ValueKind} where the spec has a number";
                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) yield return $"{at}: {value.ValueKind} where the spec has a boolean";
                break;
        }
    }

    private YamlNode Resolve(YamlNode node)
    {
        while (node is YamlMappingNode map && Scalar(map, "$ref") is { } reference)
        {
            var parts = reference.TrimStart('#', '/').Split('/');
            YamlNode target = _root;
            foreach (var part in parts) target = ((YamlMappingNode)target).Children[new YamlScalarNode(part)];
            node = target;
        }
        return node;
    }

    public YamlNode? Schema(YamlMappingNode response) =>
        response.Children.TryGetValue(new YamlScalarNode("schema"), out var schema) ? schema : null;

    public static bool Declares(YamlMappingNode response, string header) =>
        Map(response, "headers")?.Children.Keys.Any(k => ((YamlScalarNode)k).Value == header) == true;

    private static YamlMappingNode? Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlMappingNode : null;

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;
}
