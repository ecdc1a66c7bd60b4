namespace HarborDouble.Diagnostics;

/// <summary>What a request to the double was, for tests that count.</summary>
public enum HarborRequestKind
{
    Other,
    Api,
    Token,
    /// <summary>`GET /v2/`.</summary>
    V2Ping,
    Catalog,
    TagsList,
    Referrers,
    ManifestGet,
    ManifestHead,
    ManifestPut,
    ManifestDelete,
    BlobHead,
    BlobGet,
    BlobDelete,
    /// <summary>`POST .../blobs/uploads/` without `mount`.</summary>
    UploadStart,
    /// <summary>`POST .../blobs/uploads/?mount=&amp;from=`; 201 mounted, 202 fell back to an upload.</summary>
    Mount,
    UploadPatch,
    /// <summary>`PUT` on an upload Location: 201 is a committed blob.</summary>
    UploadCommit,
    UploadStatus,
    UploadCancel,
}
