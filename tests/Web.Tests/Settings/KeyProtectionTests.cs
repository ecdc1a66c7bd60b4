using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Web.Tests.EndToEnd;

namespace Web.Tests.Settings;

/// <summary>
/// The Data Protection keys, which decrypt every saved password: encrypted at rest with <c>Dashboard:KeyCertificate</c>,
/// readable again after a restart with the same certificate, refused at start when the certificate cannot be used, and
/// without one, a first start that says so in one line of its own instead of the framework's warnings.
/// </summary>
public sealed class KeyProtectionTests : IDisposable
{
    private const string CertificatePassword = "pfx-Pw-8127";
    private readonly string _folder = Directory.CreateTempSubdirectory("key-certificate-").FullName;

    [Fact]
    public async Task Keys_WithACertificate_AreEncryptedAtRestAndReadAfterARestart()
    {
        var certificate = WriteCertificate("keys.pfx");
        var data = Directory.CreateDirectory(Path.Combine(_folder, "data")).FullName;
        string protectedSecret;
        await using (var first = new CertificateFactory(data, certificate, CertificatePassword))
        {
            protectedSecret = Protector(first).Protect("registry-password");
        }

        var keyFiles = Directory.GetFiles(Path.Combine(data, "keys"), "*.xml");
        Assert.NotEmpty(keyFiles);
        Assert.All(keyFiles, file =>
        {
            var xml = File.ReadAllText(file);
            Assert.Contains("<encryptedSecret", xml);
            Assert.DoesNotContain("<masterKey", xml);
        });

        await using var second = new CertificateFactory(data, certificate, CertificatePassword);
        Assert.Equal("registry-password", Protector(second).Unprotect(protectedSecret));
    }

    [Fact]
    public void Certificate_ThatCannotBeUsed_StopsTheStartNamingTheSettingAndWhy()
    {
        var certificate = WriteCertificate("keys.pfx");
        var missing = Path.Combine(_folder, "missing.pfx");

        var wrongPassword = Assert.Throws<OptionsValidationException>(() => SettingsAtStart.Check(
            ("Dashboard:KeyCertificate", certificate), ("Dashboard:KeyCertificatePassword", "not-it")));
        var noFile = Assert.Throws<OptionsValidationException>(() => SettingsAtStart.Check(("Dashboard:KeyCertificate", missing)));

        Assert.Contains($"Dashboard:KeyCertificate (env Dashboard__KeyCertificate) is '{certificate}'; it cannot be read as a certificate with its private key (wrong password", wrongPassword.Message);
        Assert.Contains($"Dashboard:KeyCertificate (env Dashboard__KeyCertificate) is '{missing}'; no such file", noFile.Message);
    }

    [Fact]
    public void Certificate_PasswordFromAMountedFile_IsAccepted()
    {
        var certificate = WriteCertificate("keys.pfx");
        var passwordFile = Path.Combine(_folder, "password");
        File.WriteAllText(passwordFile, CertificatePassword + "\n");

        SettingsAtStart.Check(("Dashboard:KeyCertificate", certificate), ("Dashboard:KeyCertificatePasswordFile", passwordFile));
    }

    [Fact]
    public async Task FirstStart_WithoutACertificate_SaysOnceThatTheKeysAreUnencrypted_AndWarnsOfNothingElse()
    {
        await using var app = new DashboardProcess();
        await app.StartAsync();
        await Task.Delay(500);

        var output = app.Output.ToList();
        var warnings = output.Where(line => line.StartsWith("warn:", StringComparison.Ordinal)).ToList();
        var notice = Assert.Single(output, line => line.Contains("are not encrypted: whoever can read that folder can decrypt the saved registry and Harbor passwords"));
        Assert.Contains("The folder is readable by this user only.", notice);
        Assert.Contains("Dashboard:KeyCertificate", notice);
        Assert.Single(warnings);
        Assert.DoesNotContain(output, line => line.Contains("No XML encryptor configured") || line.Contains("PRAGMA") || line.Contains("NU1603"));
        var keys = new DirectoryInfo(Path.Combine(app.DataFolder, "keys"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, keys.UnixFileMode);
    }

    public void Dispose() => Directory.Delete(_folder, true);

    private static IDataProtector Protector(CertificateFactory factory) =>
        factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("KeyProtectionTests");

    private string WriteCertificate(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=dashboard-keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        return path;
    }

    /// <summary>The app on a data folder the test keeps across restarts (DashboardFactory deletes only its own).</summary>
    private sealed class CertificateFactory(string dataFolder, string certificate, string password) : DashboardFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("DASHBOARD_DATA", dataFolder);
            builder.UseSetting("DASHBOARD_API_TOKEN", ApiToken);
            builder.UseSetting("Dashboard:KeyCertificate", certificate);
            builder.UseSetting("Dashboard:KeyCertificatePassword", password);
        }
    }
}
