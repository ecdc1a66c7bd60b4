namespace HarborDouble.Security;

/// <summary>The principal of a request, set once by <see cref="SecurityMiddleware"/>.</summary>
internal static class PrincipalContext
{
    private static readonly object Key = new();

    public static Principal Principal(this HttpContext context) =>
        context.Items.TryGetValue(Key, out var value) && value is Principal principal ? principal : Security.Principal.Anonymous;

    public static void SetPrincipal(this HttpContext context, Principal principal) => context.Items[Key] = principal;
}
