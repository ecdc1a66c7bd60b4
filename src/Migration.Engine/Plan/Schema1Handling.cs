namespace Migration.Engine.Plan;

/// <summary>Convert: a schema1 image becomes schema2 (a new digest; the layers unchanged), as
/// <c>skopeo copy --format v2s2</c> does. Skip: it is left behind and reported as not copied.</summary>
public enum Schema1Handling { Convert, Skip }
