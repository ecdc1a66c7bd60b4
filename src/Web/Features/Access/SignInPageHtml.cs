using System.Text.Encodings.Web;

namespace Web.Features.Access;

/// <summary>
/// The sign-in, first-run and sign-out pages: plain HTML forms with an antiforgery field, so signing in needs no
/// script and no Blazor circuit (a circuit cannot set a cookie).
/// </summary>
public static class SignInPageHtml
{
    public static string SignIn(string antiforgeryField, string returnUrl, string? error) => Page("Sign in", $"""
        <form method="post" action="/login">
          {antiforgeryField}
          <input type="hidden" name="returnUrl" value="{Encode(returnUrl)}">
          <label>User <input name="userName" value="{AdminAccountService.UserName}" autocomplete="username" data-testid="login-user"></label>
          <label>Password <input type="password" name="password" autocomplete="current-password" autofocus required data-testid="login-password"></label>
          {ErrorLine(error)}
          <button type="submit" data-testid="login-submit">Sign in</button>
        </form>
        """);

    public static string SetUp(string antiforgeryField, string? error) => Page("Set the admin password", $"""
        <p>This dashboard has no admin password yet. Choose one now (at least {AdminAccountService.MinimumPasswordLength} characters),
        or start it with <code>DASHBOARD_ADMIN_PASSWORD</code> set.</p>
        <form method="post" action="/setup">
          {antiforgeryField}
          <label>Password <input type="password" name="password" autocomplete="new-password" autofocus required data-testid="setup-password"></label>
          <label>Again <input type="password" name="confirm" autocomplete="new-password" required data-testid="setup-confirm"></label>
          {ErrorLine(error)}
          <button type="submit" data-testid="setup-submit">Set password and sign in</button>
        </form>
        """);

    public static string SignOut(string antiforgeryField) => Page("Sign out", $"""
        <form method="post" action="/logout">
          {antiforgeryField}
          <button type="submit" data-testid="logout-submit">Sign out</button>
          <a href="/">Back to the dashboard</a>
        </form>
        """);

    public static string HiddenField(string name, string value) => $"""<input type="hidden" name="{Encode(name)}" value="{Encode(value)}">""";

    private static string ErrorLine(string? error) => error is null ? "" : $"""<p class="error" role="alert" data-testid="login-error">{Encode(error)}</p>""";

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);

    private static string Page(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · Registry → Harbor</title>
        <style>
          body { font-family: Roboto, system-ui, sans-serif; background: #f5f5f5; display: grid; place-items: center; min-height: 100vh; margin: 0; }
          main { background: #fff; padding: 2rem 2.5rem; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.15); width: min(24rem, 90vw); }
          h1 { font-size: 1.3rem; font-weight: 500; margin-top: 0; }
          label { display: block; margin: .8rem 0; font-size: .9rem; color: #555; }
          input:not([type=hidden]) { display: block; width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .25rem; font-size: 1rem; }
          button { background: #594ae2; color: #fff; border: 0; padding: .6rem 1.2rem; border-radius: 4px; font-size: 1rem; cursor: pointer; }
          .error { color: #c62828; }
        </style></head>
        <body><main><h1>{{title}}</h1>
        {{body}}
        </main></body></html>
        """;
}
