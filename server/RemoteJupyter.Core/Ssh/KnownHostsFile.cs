using System.Security.Cryptography;
using System.Text;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// Reads and appends OpenSSH known_hosts files (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): host pattern lists,
/// <c>[host]:port</c> for non-standard ports, hashed <c>|1|salt|hash</c> names and the <c>@revoked</c> marker.
/// <c>@cert-authority</c> lines are ignored because certificate host keys are not supported; a check reports
/// the first one naming the host, so the person can be told.
/// </summary>
public static class KnownHostsFile
{
    private const int DefaultPort = 22;
    private const string HashMagic = "|1|";

    /// <summary>
    /// Looks <paramref name="host"/>'s key up in <paramref name="files"/>, in order; missing or unreadable
    /// files count as empty, as in OpenSSH. Revoked wins over everything, then Known, then Changed.
    /// </summary>
    /// <param name="files">known_hosts files, typically <see cref="ResolvedHost.UserKnownHostsFiles"/>.</param>
    /// <param name="host">The host name connected to (after ssh_config's HostName), not the alias.</param>
    /// <param name="port">The port connected to; entries for other ports do not apply.</param>
    /// <param name="keyType">The key's type, e.g. <c>ssh-ed25519</c>; RSA signature names such as <c>rsa-sha2-512</c> mean <c>ssh-rsa</c>.</param>
    /// <param name="keyBlob">The public key in SSH wire format, as base64-decoded from a known_hosts line.</param>
    public static HostKeyCheck Check(IEnumerable<string> files, string host, int port, string keyType, byte[] keyBlob)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(keyType);
        ArgumentNullException.ThrowIfNull(keyBlob);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);

        var name = HostField(host, port);
        var type = NormalizeKeyType(keyType);
        HostKeyCheck? known = null;
        HostKeyCheck? changed = null;
        string? authority = null;
        foreach (var file in files)
        {
            var number = 0;
            foreach (var line in ReadLinesIfPresent(file))
            {
                number++;
                if (authority is null && NamesAuthorityFor(line, name))
                {
                    authority = $"line {number} of {file}";
                }

                if (!TryParseEntry(line, out var revoked, out var hosts, out var entryType, out var entryBlob)
                    || !HostsMatch(hosts, name)
                    || NormalizeKeyType(entryType) != type)
                {
                    continue;
                }

                var sameKey = entryBlob.AsSpan().SequenceEqual(keyBlob);
                if (revoked)
                {
                    if (sameKey)
                    {
                        return new HostKeyCheck(HostKeyStatus.Revoked, file, number);
                    }
                }
                else if (sameKey)
                {
                    known ??= new HostKeyCheck(HostKeyStatus.Known, file, number);
                }
                else
                {
                    changed ??= new HostKeyCheck(HostKeyStatus.Changed, file, number);
                }
            }
        }

        return (known ?? changed ?? new HostKeyCheck(HostKeyStatus.Unknown, null, null)) with { IgnoredCertificateAuthority = authority };
    }

    /// <summary>An <c>@cert-authority</c> line whose host patterns match <paramref name="name"/>.</summary>
    private static bool NamesAuthorityFor(string line, string name)
    {
        var fields = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 2 && fields[0] == "@cert-authority" && HostsMatch(fields[1], name);
    }

    /// <summary>
    /// Adds a plain (unhashed) entry for the host's key to <paramref name="file"/>, creating its directory
    /// (mode 0700) and the file (mode 0600) when missing, and starting a new line if the file does not end
    /// with one.
    /// </summary>
    /// <exception cref="RemoteJupyterException">
    /// With <see cref="ErrorCode.InvalidHost"/> when <paramref name="host"/> cannot be written safely as a
    /// known_hosts entry (spaces, commas, wildcards, …).
    /// </exception>
    public static void Append(string file, string host, int port, string keyType, byte[] keyBlob)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentException.ThrowIfNullOrEmpty(keyType);
        ArgumentNullException.ThrowIfNull(keyBlob);
        ArgumentOutOfRangeException.ThrowIfZero(keyBlob.Length);
        if (keyType.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException("A key type cannot contain spaces or control characters.", nameof(keyType));
        }

        // The host-name rules already exclude what known_hosts would misread: spaces and line breaks (new
        // fields or entries), ',' '*' '?' '!' (a pattern list trusting the key for other hosts), and a
        // leading '@', '|' or '#' (a marker, a hash or a comment).
        if (SshTarget.HostProblem(host) is { } problem)
        {
            throw new RemoteJupyterException(
                ErrorCode.InvalidHost,
                $"Cannot save the host key: the host name {SshTarget.Quote(host)} {problem}. Check the host name or HostName setting.");
        }

        var entry = $"{HostField(host, port)} {NormalizeKeyType(keyType)} {Convert.ToBase64String(keyBlob)}\n";
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (directory is not null && !Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(file, options);
        var needsNewline = false;
        if (stream.Length > 0)
        {
            stream.Seek(-1, SeekOrigin.End);
            needsNewline = stream.ReadByte() != '\n';
        }

        stream.Seek(0, SeekOrigin.End);
        stream.Write(Encoding.UTF8.GetBytes(needsNewline ? "\n" + entry : entry));
    }

    /// <summary>The name OpenSSH looks up and writes: <c>host</c> on port 22, else <c>[host]:port</c>, lower-cased.</summary>
    private static string HostField(string host, int port) =>
        (port == DefaultPort ? host : $"[{host}]:{port}").ToLowerInvariant();

    // A server signing with rsa-sha2-256/512 still has an "ssh-rsa" key, which is what known_hosts records.
    private static string NormalizeKeyType(string keyType) =>
        keyType is "rsa-sha2-256" or "rsa-sha2-512" ? "ssh-rsa" : keyType;

    private static IEnumerable<string> ReadLinesIfPresent(string file)
    {
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        return lines;
    }

    private static bool TryParseEntry(string line, out bool revoked, out string hosts, out string keyType, out byte[] keyBlob)
    {
        revoked = false;
        hosts = keyType = "";
        keyBlob = [];
        var fields = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0 || fields[0].StartsWith('#'))
        {
            return false;
        }

        var first = 0;
        if (fields[0].StartsWith('@'))
        {
            // @cert-authority (and any marker we do not know) says nothing about a plain host key.
            if (fields[0] != "@revoked")
            {
                return false;
            }

            revoked = true;
            first = 1;
        }

        if (fields.Length < first + 3)
        {
            return false;
        }

        hosts = fields[first];
        keyType = fields[first + 1];
        var buffer = new byte[fields[first + 2].Length];
        if (!Convert.TryFromBase64String(fields[first + 2], buffer, out var length) || length == 0)
        {
            return false;
        }

        keyBlob = buffer[..length];
        return true;
    }

    private static bool HostsMatch(string hosts, string name)
    {
        if (!hosts.StartsWith('|'))
        {
            return HostPattern.IsListMatch(name, hosts, ignoreCase: true);
        }

        // |1|base64(salt)|base64(HMAC-SHA1(salt, name)): one host per entry, no patterns.
        if (!hosts.StartsWith(HashMagic, StringComparison.Ordinal) || hosts[HashMagic.Length..].Split('|') is not [var saltText, var hashText])
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(saltText);
            var expected = Convert.FromBase64String(hashText);
#pragma warning disable CA5350 // The known_hosts format fixes HMAC-SHA1; it only hides names, it authenticates nothing.
            var actual = HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(name));
#pragma warning restore CA5350
            return actual.AsSpan().SequenceEqual(expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
