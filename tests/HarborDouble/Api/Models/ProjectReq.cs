using System.Text.Json.Nodes;

namespace HarborDouble.Api.Models;

/// <summary>swagger `ProjectReq`, the body of `POST /projects` (docs/harbor.md#creating-projects). Metadata values are
/// strings: a JSON boolean there fails to bind, as it does in Harbor.</summary>
internal sealed record ProjectReq(
    string? ProjectName,
    bool? Public,
    ProjectMetadataReq? Metadata,
    JsonObject? CveAllowlist,
    long? StorageLimit,
    long? RegistryId);
