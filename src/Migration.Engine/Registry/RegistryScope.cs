namespace Migration.Engine.Registry;

/// <summary>Token scopes (distribution scope grammar: <c>repository:&lt;name&gt;:&lt;actions&gt;</c>).
/// We always name our own scopes: Harbor drops the scope from its challenge once an Authorization header
/// was sent (docs/harbor.md#challenges), and a mount needs pull on the source in the same token.</summary>
public static class RegistryScope
{
    public const string Catalog = "registry:catalog:*";

    public static string Pull(string repository) => $"repository:{repository}:pull";

    public static string Push(string repository) => $"repository:{repository}:pull,push";

    public static string[] ForPull(string repository) => [Pull(repository)];

    public static string[] ForPush(string repository) => [Push(repository)];

    public static string[] ForMount(string repository, string from) => [Push(repository), Pull(from)];
}
