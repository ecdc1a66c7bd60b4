namespace Migration.Engine.Sources;

/// <summary>A specific, explainable failure to read from a source: a missing blob, a broken link file,
/// a refused login. The message names what failed and why.</summary>
public class SourceException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The thing asked for is not in the source.</summary>
public sealed class SourceNotFoundException(string message) : SourceException(message);

/// <summary>A tag or revision link file is missing or does not hold a digest.</summary>
public sealed class BrokenLinkException(string message) : SourceException(message);
