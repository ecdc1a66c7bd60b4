namespace HarborDouble.Registry;

internal enum V2RouteKind
{
    Base,
    Catalog,
    TagsList,
    Manifest,
    Blob,
    UploadStart,
    Upload,
    Referrers,
    Unknown,
}
