using Microsoft.AspNetCore.Components;
using Web.Data;
using Web.Features.Access;

namespace Web.Features.Settings;

public partial class SettingsPage
{
    [Inject] private ApiTokenService Tokens { get; set; } = null!;
    [Inject] private AdminAccountService Admin { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;

    private IReadOnlyList<ApiTokenEntity> _tokens = [];
    private string _newTokenName = "";
    private string? _newToken;
    private string? _error;
    private string _currentPassword = "";
    private string _newPassword = "";
    private string? _passwordMessage;

    protected override async Task OnInitializedAsync() => _tokens = await Tokens.ListAsync();

    private async Task CreateTokenAsync()
    {
        _error = null;
        try
        {
            (_, _newToken) = await Tokens.CreateAsync(_newTokenName);
            _newTokenName = "";
            _tokens = await Tokens.ListAsync();
        }
        catch (ArgumentException ex)
        {
            _error = ex.Message;
        }
    }

    private async Task RevokeAsync(int id)
    {
        await Tokens.RevokeAsync(id);
        _newToken = null;
        _tokens = await Tokens.ListAsync();
    }

    private async Task ChangePasswordAsync()
    {
        if (_newPassword.Length < AdminAccountService.MinimumPasswordLength)
            _passwordMessage = $"Use at least {AdminAccountService.MinimumPasswordLength} characters.";
        else if (await Admin.ChangePasswordAsync(_currentPassword, _newPassword))
            // The change ended every session, this page's too: sign in with the new password now rather than be sent
            // there at the next session check.
            Navigation.NavigateTo($"/login?returnUrl={Uri.EscapeDataString("/settings")}", forceLoad: true);
        else
            _passwordMessage = "The current password is wrong.";
        (_currentPassword, _newPassword) = ("", "");
    }
}
