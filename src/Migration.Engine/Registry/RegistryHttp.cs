using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Migration.Engine.Registry;

/// <summary>Builds the one pooled HttpClient a registry connection uses.</summary>
internal static class RegistryHttp
{
    public static HttpClient Create(RegistryConnection connection)
    {
        var handler = new SocketsHttpHandler
        {
            // Harbor sets a session cookie on API answers; sending it back turns on CSRF checks and the next
            // write fails with 403 (docs/harbor.md#cookies-and-csrf). Never keep cookies.
            UseCookies = false,
            MaxConnectionsPerServer = Math.Max(1, connection.MaxConnections),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            // Blobs are already compressed and digests are over the exact bytes.
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            // .NET drops Authorization on redirects, so blob GETs that redirect to storage never leak it.
            AllowAutoRedirect = true,
        };
        if (connection.Insecure || connection.CaFile is not null)
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Validator(connection) };
        return new HttpClient(handler)
        {
            // Blob transfers can take as long as they need; cancellation and dropped connections end them instead.
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = System.Net.HttpVersion.Version11,
        };
    }

    private static RemoteCertificateValidationCallback Validator(RegistryConnection connection)
    {
        if (connection.Insecure) return (_, _, _, _) => true;
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(connection.CaFile!);
        return (_, certificate, _, errors) =>
        {
            if (errors == SslPolicyErrors.None) return true;
            if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
    }
}
