namespace Web.Features.Api;

/// <summary>The body of <c>POST /api/scans</c>. <c>Deep</c> re-hashes every blob to find corrupt ones.</summary>
public sealed record ApiScanRequest(int ConnectionId, bool Deep);
