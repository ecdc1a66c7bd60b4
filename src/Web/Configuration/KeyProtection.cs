using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Web.Configuration;

/// <summary>
/// The Data Protection keys decrypt every saved registry and Harbor password, and live in the data folder. With
/// <c>Dashboard:KeyCertificate</c> they are encrypted there by the certificate's RSA key; without it they are plain XML
/// in a folder only this user can read, and the app says so in one line at start instead of the framework's warning.
/// </summary>
public static class KeyProtection
{
    private const string KeyManagerCategory = "Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager";

    public static void AddDashboardKeyProtection(this IHostApplicationBuilder builder, DashboardPaths paths)
    {
        if (!OperatingSystem.IsWindows() && !Directory.Exists(paths.KeysFolder))
            // Made before Data Protection writes its first key, so the key is never readable by others, not even briefly.
            try { Directory.CreateDirectory(paths.KeysFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        var protection = builder.Services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(paths.KeysFolder))
            .SetApplicationName("registry-harbor-dashboard");
        // A certificate that does not load is reported by DashboardSettingsValidator, which stops the app before any key is made.
        if (LoadCertificate(DashboardSettings.From(builder.Configuration)).Certificate is { } certificate)
            protection.ProtectKeysWithCertificate(certificate);
        else
            // Its "No XML encryptor configured" warning comes once per key, in the framework's words; ours comes at start.
            builder.Logging.AddFilter(KeyManagerCategory, LogLevel.Error);
    }

    /// <summary>One line at start: whether the keys are encrypted, and if not, what that means and how to change it.</summary>
    public static void ReportKeyProtection(this WebApplication app)
    {
        var settings = DashboardSettings.From(app.Configuration);
        var keys = app.Services.GetRequiredService<DashboardPaths>().KeysFolder;
        if (settings.KeyCertificate is not null)
        {
            app.Logger.LogInformation("Data Protection keys in {KeysFolder} are encrypted with the certificate in {KeyCertificate}", keys, settings.KeyCertificate);
            return;
        }
        app.Logger.LogWarning(
            "Data Protection keys in {KeysFolder} are not encrypted: whoever can read that folder can decrypt the saved registry and Harbor passwords. {FolderAccess} Set Dashboard:KeyCertificate to encrypt them (README, \"Secrets at rest\").",
            keys, OthersCanRead(keys) ? "The folder is readable by other users: chmod 700 it." : "The folder is readable by this user only.");
    }

    public static (X509Certificate2? Certificate, string? Problem) LoadCertificate(DashboardSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.KeyCertificate)) return (null, null);
        if (!File.Exists(settings.KeyCertificate)) return (null, "no such file");
        string? password;
        try { password = settings.KeyCertificatePasswordFile is { } file ? File.ReadAllText(file).TrimEnd('\r', '\n') : settings.KeyCertificatePassword; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"its password file {settings.KeyCertificatePasswordFile} cannot be read: {e.Message.TrimEnd('.')}");
        }
        try
        {
            var certificate = IsPem(settings.KeyCertificate)
                ? password is null ? X509Certificate2.CreateFromPemFile(settings.KeyCertificate) : X509Certificate2.CreateFromEncryptedPemFile(settings.KeyCertificate, password)
                : X509CertificateLoader.LoadPkcs12FromFile(settings.KeyCertificate, password, X509KeyStorageFlags.EphemeralKeySet);
            // Data Protection encrypts with XML encryption, which takes RSA keys only.
            using var rsa = certificate.GetRSAPrivateKey();
            return rsa is null ? (null, "the certificate has no RSA private key with it; Data Protection needs one") : (certificate, null);
        }
        catch (CryptographicException e)
        {
            return (null, $"it cannot be read as a certificate with its private key (wrong password, or not PKCS#12/PEM?): {e.Message.TrimEnd('.')}");
        }
    }

    private static bool IsPem(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".pem" or ".crt" or ".key";

    private static bool OthersCanRead(string folder)
    {
        if (OperatingSystem.IsWindows()) return false;
        try { return (File.GetUnixFileMode(folder) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
