namespace Web.Features.Access;

/// <summary>Who may call what. Pages use the default policy: a signed-in admin (cookie).</summary>
public static class AccessPolicies
{
    /// <summary>The automation API: bearer tokens only, so a browser's cookie can never be used for a cross-site
    /// write against it.</summary>
    public const string Api = "Api";

    /// <summary>Read-only feeds and downloads (the SignalR hub, report exports): a signed-in person or a token.</summary>
    public const string Watch = "Watch";

    /// <summary>The scheme behind <see cref="Watch"/>: a bearer token when one is sent, the cookie otherwise.</summary>
    public const string CookieOrToken = "CookieOrToken";
}
