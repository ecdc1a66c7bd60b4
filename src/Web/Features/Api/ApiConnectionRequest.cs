using Web.Data;
using Web.Features.Connections;

namespace Web.Features.Api;

/// <summary>The body of <c>POST /api/connections</c> and <c>PUT /api/connections/{id}</c>: the connection dialog's fields.</summary>
public sealed record ApiConnectionRequest(string? Name, ConnectionRole Role, string? Location, string? Username, string? Password, bool Insecure,
    string? CaCertificatePem)
{
    public ConnectionForm ToForm()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("name is required");
        if (string.IsNullOrWhiteSpace(Location)) throw new ArgumentException("location is required: a storage folder, a .tar, or an http(s) URL");
        return new ConnectionForm
        {
            Name = Name, Role = Role, Location = Location, Username = Username, Password = Password, Insecure = Insecure, CaCertificatePem = CaCertificatePem,
        };
    }
}
