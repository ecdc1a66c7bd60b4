namespace HarborDouble.Registry;

/// <summary>One repository action a `/v2` request needs: the target with the method's action, plus `pull` on
/// the `from` repository of a mount (docs/harbor.md#challenges, docs/harbor.md#mounts).</summary>
internal sealed record V2Access(string Name, string Action)
{
    public string Project => Name.Split('/')[0];

    /// <summary>Scope as the challenge writes it: push asks for `pull,push` (`v2auth/auth.go`).</summary>
    public string Scope => $"repository:{Name}:{(Action == Actions.Push ? "pull,push" : Action)}";

    public static string ActionOf(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? Actions.Pull
        : HttpMethods.IsDelete(method) ? Actions.Delete
        : Actions.Push;
}
