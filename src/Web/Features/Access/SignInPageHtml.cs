using System.Text.Encodings.Web;

namespace Web.Features.Access;

/// <summary>
/// The sign-in, first-run and sign-out pages: plain HTML forms with an antiforgery field, so signing in needs no
/// script and no Blazor circuit (a circuit cannot set a cookie). They wear MudBlazor's classes and the app's header
/// bar so they look like the rest of the dashboard.
/// </summary>
public static class SignInPageHtml
{
    /// <summary>The app bar's title, as MainLayout shows it.</summary>
    public const string AppTitle = "Registry → Harbor";

    public static string SignIn(string antiforgeryField, string returnUrl, string? error) => Page("Sign in", $"""
        <form method="post" action="/login">
          {antiforgeryField}
          <input type="hidden" name="returnUrl" value="{Encode(returnUrl)}">
          {TextField("login-user", "User", $"""type="text" name="userName" value="{AdminAccountService.UserName}" autocomplete="username" """)}
          {TextField("login-password", "Password", """type="password" name="password" autocomplete="current-password" autofocus required""")}
          {ErrorLine(error)}
          {Button("login-submit", "Sign in")}
        </form>
        """);

    public static string SetUp(string antiforgeryField, string? error) => Page("Set the admin password", $"""
        <p class="mud-typography mud-typography-body2 mb-4">This dashboard has no admin password yet. Choose one now (at least
        {AdminAccountService.MinimumPasswordLength} characters), or start it with <code>DASHBOARD_ADMIN_PASSWORD</code> set.</p>
        <form method="post" action="/setup">
          {antiforgeryField}
          {TextField("setup-password", "Password", """type="password" name="password" autocomplete="new-password" autofocus required""")}
          {TextField("setup-confirm", "Again", """type="password" name="confirm" autocomplete="new-password" required""")}
          {ErrorLine(error)}
          {Button("setup-submit", "Set password and sign in")}
        </form>
        """);

    public static string SignOut(string antiforgeryField) => Page("Sign out", $"""
        <form method="post" action="/logout" class="d-flex align-center gap-4">
          {antiforgeryField}
          {Button("logout-submit", "Sign out")}
          <a href="/" class="mud-typography mud-link mud-primary-text">Back to the dashboard</a>
        </form>
        """);

    public static string HiddenField(string name, string value) => $"""<input type="hidden" name="{Encode(name)}" value="{Encode(value)}">""";

    // MudTextField's outlined markup. Its label is always raised (mud-shrink): MudBlazor lowers it into an empty field
    // from C#, which a page without a circuit cannot run, and a lowered label would sit on an autofilled password.
    private static string TextField(string id, string label, string inputAttributes) => $"""
        <div class="mud-input-control mud-input-outlined-with-label mud-input-input-control mb-4">
          <div class="mud-input-control-input-container">
            <div class="mud-input mud-input-outlined mud-input-outlined-with-label mud-shrink mud-typography-subtitle1">
              <input id="{id}" data-testid="{id}" class="mud-input-slot mud-input-root mud-input-root-outlined" {inputAttributes}>
              <fieldset class="mud-input-outlined-border" aria-hidden="true"><legend>{label}</legend></fieldset>
            </div>
            <label for="{id}" class="mud-input-label mud-input-label-animated mud-input-label-outlined mud-input-label-inputcontrol">{label}</label>
          </div>
        </div>
        """;

    private static string Button(string testId, string text) => $"""
        <button type="submit" data-testid="{testId}" class="mud-button-root mud-button mud-button-filled mud-button-filled-primary mud-button-filled-size-medium mud-ripple"><span class="mud-button-label">{text}</span></button>
        """;

    private static string ErrorLine(string? error) => error is null ? "" : $"""
        <div class="mud-alert mud-alert-text-error mud-dense mud-elevation-0 mb-4" role="alert" data-testid="login-error"><div class="mud-alert-position justify-start"><div class="mud-alert-message">{Encode(error)}</div></div></div>
        """;

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);

    // The app bar's markup as MudAppBar Dense renders it, over a MudPaper card. The <base> makes the style sheets'
    // paths the same as App.razor's, wherever this page is served.
    private static string Page(string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <base href="/">
        <title>{title} · {AppTitle}</title>
        <link href="_content/MudBlazor/MudBlazor.min.css" rel="stylesheet">
        <link href="app.css" rel="stylesheet">
        {ThemeStyle.Html}
        </head>
        <body><div class="mud-layout">
        <header class="mud-appbar mud-appbar-dense mud-appbar-fixed-top mud-elevation-1"><div class="mud-toolbar mud-toolbar-dense mud-toolbar-gutters mud-toolbar-appbar"><span class="mud-typography mud-typography-h6">{AppTitle}</span></div></header>
        <main class="mud-main-content"><div class="mud-container mud-container-maxwidth-xs mud-container--gutters pt-8">
        <div class="mud-paper mud-elevation-1 pa-6">
        <h1 class="mud-typography mud-typography-h5 mb-6">{title}</h1>
        {body}
        </div></div></main>
        </div></body></html>
        """;
}
