using System.Net.Sockets;

namespace RemoteJupyter.Core.Sources.Tls;

/// <summary>
/// Certificates people chose to trust, one per server, in a file shaped like ssh's known_hosts:
/// <c>host:port SHA256:base64</c> per line, <c>#</c> comments. The directory is 0700, the file 0600.
/// </summary>
public sealed class PinFile
{
    /// <summary>Opens (without reading yet) the pin file at <paramref name="path"/>.</summary>
    public PinFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary><c>~/.remote-jupyter/known_certificates</c>.</summary>
    public static string DefaultPath => System.IO.Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".remote-jupyter", "known_certificates");

    /// <summary>The key a server is filed under: <c>host:port</c>, IPv6 hosts in brackets, hosts lower case.</summary>
    public static string Key(string host, int port)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        var bare = host.Trim('[', ']').ToLowerInvariant();
        var isV6 = System.Net.IPAddress.TryParse(bare, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6;
        return (isV6 ? "[" + bare + "]" : bare) + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The pin for the server, or null when there is none (or no file yet).</summary>
    public PinnedCertificate? Find(string host, int port)
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        return Find(File.ReadAllLines(Path), Key(host, port));
    }

    /// <summary>Adds a pin, creating the directory (0700) and file (0600) when missing, and taking group and other access from an existing file.</summary>
    public void Add(string host, int port, string fingerprint)
    {
        if (!CertificateFingerprint.IsWellFormed(fingerprint))
        {
            throw new ArgumentException("Not a SHA256:… certificate fingerprint.", nameof(fingerprint));
        }

        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write };
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            // Which servers someone trusts is their business: private like ~/.ssh.
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(Path, options))
        {
            writer.Write(Line(host, port, fingerprint) + "\n");
        }

        // A file someone made by hand (or an older version) may be readable by others; the create mode only covers a new file.
        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(Path) & ~Private) != 0)
        {
            File.SetUnixFileMode(Path, File.GetUnixFileMode(Path) & Private);
        }
    }

    /// <summary>The line <see cref="Add"/> writes.</summary>
    internal static string Line(string host, int port, string fingerprint) => Key(host, port) + " " + fingerprint;

    /// <summary>The first line for <paramref name="key"/>; malformed lines are skipped rather than failing every connection.</summary>
    internal static PinnedCertificate? Find(IEnumerable<string> lines, string key)
    {
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 &&
                string.Equals(fields[0], key, StringComparison.OrdinalIgnoreCase) &&
                CertificateFingerprint.IsWellFormed(fields[1]))
            {
                return new PinnedCertificate(fields[1], number);
            }
        }

        return null;
    }
}
