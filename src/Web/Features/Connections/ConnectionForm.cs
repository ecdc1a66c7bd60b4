using System.ComponentModel.DataAnnotations;
using Web.Data;

namespace Web.Features.Connections;

/// <summary>What the add-connection dialog edits. The password travels from the browser to the server once and is
/// never sent back.</summary>
public sealed class ConnectionForm
{
    [Required, StringLength(80)]
    public string Name { get; set; } = "";

    public ConnectionRole Role { get; set; } = ConnectionRole.Source;

    [Required]
    public string Location { get; set; } = "";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool Insecure { get; set; }

    public string? CaCertificatePem { get; set; }
}
