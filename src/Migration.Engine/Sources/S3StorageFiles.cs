using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Migration.Engine.Registry;

namespace Migration.Engine.Sources;

/// <summary>
/// A storage tree in a bucket, read with the AWS SDK: folders are listed with prefix and delimiter (one request per
/// level, never the whole bucket), files are small GETs, blobs ranged GETs that stream. The tree's callers are
/// synchronous, so each call waits for its request; scans call them from many threads at once.
/// </summary>
internal sealed class S3StorageFiles : StorageFiles
{
    private readonly AmazonS3Client _client;
    private readonly S3Location _location;
    private readonly string _root;
    private long _requests;

    private S3StorageFiles(AmazonS3Client client, S3Location location, string root) => (_client, _location, _root) = (client, location, root);

    public override string Description => _location.ToString();

    /// <summary>Requests made so far: listing is what object storage charges for, in time and money.</summary>
    public override long? Requests => Interlocked.Read(ref _requests);

    public static S3StorageFiles Open(S3Location location)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = location.PathStyle,
            AuthenticationRegion = location.Region,
            // A throttled store (503 SlowDown) and dropped connections are retried here, with the SDK's backoff: the
            // engine's RetryPolicy never retries a source, whose errors are usually for good (a missing blob).
            MaxErrorRetry = 5,
        };
        if (location.Endpoint is { } endpoint) config.ServiceURL = endpoint.ToString();
        else config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(location.Region);
        AWSCredentials credentials = location.AccessKey is null || location.SecretKey is null ? new AnonymousAWSCredentials()
            : location.SessionToken is { } token ? new SessionAWSCredentials(location.AccessKey, location.SecretKey, token)
            : new BasicAWSCredentials(location.AccessKey, location.SecretKey);
        var client = new AmazonS3Client(credentials, config);
        var prefix = location.Prefix.Length == 0 ? "" : location.Prefix.TrimEnd('/') + "/";
        foreach (var root in new[] { prefix + "docker/registry/v2/", prefix })
        {
            var files = new S3StorageFiles(client, location, root);
            if (files.DirectoryExists("repositories") || files.DirectoryExists("blobs")) return files;
        }
        client.Dispose();
        throw new SourceException($"{location} holds no registry storage: found neither docker/registry/v2/repositories/ nor repositories/ under it. " +
                                  "Give the bucket and the registry's rootdirectory (s3://bucket/rootdirectory).");
    }

    public override IReadOnlyList<string> ListDirectories(string path)
    {
        var prefix = Key(path) + "/";
        var names = new List<string>();
        string? token = null;
        do
        {
            var page = Call($"list {path}", () => _client.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = _location.Bucket, Prefix = prefix, Delimiter = "/", ContinuationToken = token,
            }));
            foreach (var common in page.CommonPrefixes ?? []) names.Add(common[prefix.Length..].TrimEnd('/'));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return names;
    }

    public override IReadOnlyList<StorageListedFile> ListFiles(string path)
    {
        var prefix = Key(path) + "/";
        var found = new List<StorageListedFile>();
        string? token = null;
        do
        {
            var page = Call($"list {path}", () => _client.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = _location.Bucket, Prefix = prefix, ContinuationToken = token,
            }));
            foreach (var item in page.S3Objects ?? [])
                found.Add(new StorageListedFile(item.Key[prefix.Length..], item.Size ?? 0,
                    item.LastModified is { } at ? new DateTimeOffset(at.ToUniversalTime()) : DateTimeOffset.MinValue));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return found;
    }

    public override bool DirectoryExists(string path)
    {
        var page = Call($"list {path}", () => _client.ListObjectsV2Async(new ListObjectsV2Request
        {
            BucketName = _location.Bucket, Prefix = Key(path) + "/", MaxKeys = 1,
        }));
        return page.KeyCount > 0;
    }

    public override StorageFileInfo? Stat(string path)
    {
        try
        {
            var head = Call($"read {path}", () => _client.GetObjectMetadataAsync(_location.Bucket, Key(path)));
            return new StorageFileInfo(head.ContentLength, head.LastModified is { } at ? new DateTimeOffset(at.ToUniversalTime()) : DateTimeOffset.MinValue);
        }
        catch (SourceNotFoundException) { return null; }
    }

    public override byte[]? ReadSmallFile(string path)
    {
        try
        {
            using var response = Call($"read {path}", () => _client.GetObjectAsync(_location.Bucket, Key(path)));
            using var bytes = new MemoryStream();
            response.ResponseStream.CopyTo(bytes);
            return bytes.ToArray();
        }
        catch (SourceNotFoundException) { return null; }
    }

    /// <summary>The object from <paramref name="offset"/>; a connection dropped mid-read goes on from the last byte read
    /// with a ranged GET (a few times), so a big layer is not sent again from its start.</summary>
    public override Stream OpenRead(string path, long offset) => new ResumingStream(this, path, offset);

    private Stream OpenRange(string path, long offset)
    {
        var request = new GetObjectRequest { BucketName = _location.Bucket, Key = Key(path) };
        if (offset > 0) request.ByteRange = new ByteRange($"bytes={offset}-");
        var response = Call($"read {path}", () => _client.GetObjectAsync(request));
        return new ResponseStream(response, response.ResponseStream);
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    private string Key(string path) => _root + path.Trim('/');

    // Every failure says what was asked of which bucket, in the words a person needs: keys, bucket, endpoint.
    private T Call<T>(string what, Func<Task<T>> request)
    {
        Interlocked.Increment(ref _requests);
        try
        {
            return request().GetAwaiter().GetResult();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode != "NoSuchBucket")
        {
            throw new SourceNotFoundException($"'{what[(what.IndexOf(' ') + 1)..]}' does not exist in {_location}");
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchBucket")
        {
            throw new SourceException($"bucket '{_location.Bucket}' does not exist{At}", ex);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AccessDenied" or "ExpiredToken"
                                           || ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            throw new SourceException($"{_location}: the object store refused the credentials ({ex.ErrorCode}: {ex.Message}); " +
                                      "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys)", ex);
        }
        catch (AmazonS3Exception ex)
        {
            throw new SourceException($"{_location}: cannot {what}: {ex.ErrorCode} {ex.Message}", ex);
        }
        catch (AmazonServiceException ex) when (ex.InnerException is HttpRequestException or IOException)
        {
            throw new SourceException($"cannot reach the object store{At}: {ex.InnerException!.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new SourceException($"cannot reach the object store{At}: {ex.Message}", ex);
        }
    }

    private string At => _location.Endpoint is { } endpoint ? $" at {endpoint}" : $" in region {_location.Region}";

    /// <summary>Reads an object through as many ranged GETs as the network needs (up to <see cref="MostResumes"/>).</summary>
    private sealed class ResumingStream(S3StorageFiles files, string path, long start) : Stream
    {
        private const int MostResumes = 3;
        private Stream? _body = files.OpenRange(path, start);
        private long _position = start;
        private int _resumes;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (true)
            {
                try
                {
                    _body ??= files.OpenRange(path, _position);
                    var read = await _body.ReadAsync(buffer, cancellationToken);
                    _position += read;
                    return read;
                }
                catch (IOException) when (_resumes < MostResumes && !cancellationToken.IsCancellationRequested)
                {
                    _resumes++;
                    _body?.Dispose();
                    _body = null;
                }
            }
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _body?.Dispose();
            base.Dispose(disposing);
        }
    }
}
