using System.Security.Cryptography;
using RemoteJupyter.Core.Sources.Tls;

namespace RemoteJupyter.Core.Tests.Sources;

public sealed class PinFileTests : IDisposable
{
    private static readonly string FingerprintA = Make(1);
    private static readonly string FingerprintB = Make(2);
    private readonly string dir = Path.Combine(Path.GetTempPath(), "rj-pins-" + Guid.NewGuid().ToString("N"));

    private string FilePath => Path.Combine(dir, "sub", "known_certificates");

    public void Dispose()
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Lookup_finds_the_host_and_port_and_reports_the_line()
    {
        string[] lines =
        [
            "# pinned by remote-jupyter",
            "",
            $"example.org:443 {FingerprintA}",
            $"   127.0.0.1:8888\t{FingerprintB}  trailing words are ignored",
            $"[::1]:8888 {FingerprintA}",
        ];

        Assert.Equal(new PinnedCertificate(FingerprintA, 3), PinFile.Find(lines, PinFile.Key("Example.ORG", 443)));
        Assert.Equal(new PinnedCertificate(FingerprintB, 4), PinFile.Find(lines, PinFile.Key("127.0.0.1", 8888)));
        Assert.Equal(new PinnedCertificate(FingerprintA, 5), PinFile.Find(lines, PinFile.Key("::1", 8888)));
        Assert.Equal(new PinnedCertificate(FingerprintA, 5), PinFile.Find(lines, PinFile.Key("[::1]", 8888)));
        Assert.Null(PinFile.Find(lines, PinFile.Key("example.org", 8443)));
        Assert.Null(PinFile.Find(lines, PinFile.Key("other.org", 443)));
    }

    [Fact]
    public void Malformed_lines_are_skipped()
    {
        string[] lines = ["example.org:443", "example.org:443 MD5:abc", "example.org:443 SHA256:!!notbase64", $"example.org:443 {FingerprintB}"];
        Assert.Equal(new PinnedCertificate(FingerprintB, 4), PinFile.Find(lines, "example.org:443"));
    }

    [Fact]
    public void Add_creates_a_private_directory_and_file_and_appends_lines()
    {
        var pins = new PinFile(FilePath);
        Assert.Null(pins.Find("h", 1));

        pins.Add("H", 1, FingerprintA);
        pins.Add("::1", 2, FingerprintB);

        Assert.Equal([$"h:1 {FingerprintA}", $"[::1]:2 {FingerprintB}"], File.ReadAllLines(FilePath));
        Assert.Equal(new PinnedCertificate(FingerprintB, 2), pins.Find("::1", 2));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(FilePath)!));
        }
    }

    [Fact]
    public void Add_takes_group_and_other_access_from_an_existing_file()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        File.WriteAllText(FilePath, "# made by hand\n");
        File.SetUnixFileMode(FilePath, (UnixFileMode)Convert.ToInt32("644", 8));

        new PinFile(FilePath).Add("h", 1, FingerprintA);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        Assert.Equal(["# made by hand", $"h:1 {FingerprintA}"], File.ReadAllLines(FilePath));
    }

    [Fact]
    public void Add_refuses_something_that_is_not_a_fingerprint() =>
        Assert.Throws<ArgumentException>(() => new PinFile(FilePath).Add("h", 1, "SHA256:short"));

    [Fact]
    public void Fingerprints_compare_with_or_without_padding()
    {
        Assert.True(CertificateFingerprint.IsWellFormed(FingerprintA));
        Assert.True(CertificateFingerprint.IsWellFormed(FingerprintA + "="));
        Assert.True(CertificateFingerprint.Equal(FingerprintA, FingerprintA + "="));
        Assert.False(CertificateFingerprint.Equal(FingerprintA, FingerprintB));
        Assert.False(CertificateFingerprint.IsWellFormed(FingerprintA.ToLowerInvariant()[7..]));
    }

    private static string Make(byte seed) =>
        CertificateFingerprint.Prefix + Convert.ToBase64String(SHA256.HashData([seed])).TrimEnd('=');
}
