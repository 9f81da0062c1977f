using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Core.Tests.Ssh;

public sealed class KnownHostsFileTests : IDisposable
{
    private const string Ed25519 = "ssh-ed25519";

    private static readonly byte[] ServerKey = Ed25519Blob(1);
    private static readonly byte[] OtherKey = Ed25519Blob(2);
    private static readonly byte[] RsaKey = Blob("ssh-rsa", [1, 0, 1], [0xC0, 0xFF, 0xEE]);

    private readonly string directory = Directory.CreateTempSubdirectory("rj-knownhosts-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void A_plain_entry_with_the_same_key_is_Known_and_points_at_its_line()
    {
        var file = Write("known_hosts", $"""
            # comment
            other.example {Entry(OtherKey)}

            gpu.example {Entry(ServerKey)} a comment
            """);

        Assert.Equal(new HostKeyCheck(HostKeyStatus.Known, file, 4), Check([file], "gpu.example", 22, ServerKey));
    }

    [Fact]
    public void A_different_key_of_the_same_type_is_Changed_and_the_first_one_is_reported()
    {
        var file = Write("known_hosts", $"""
            gpu.example ssh-rsa {Convert.ToBase64String(RsaKey)}
            gpu.example {Entry(OtherKey)}
            gpu.example {Entry(Ed25519Blob(3))}
            """);

        Assert.Equal(new HostKeyCheck(HostKeyStatus.Changed, file, 2), Check([file], "gpu.example", 22, ServerKey));
    }

    [Fact]
    public void Keys_of_other_types_or_for_other_hosts_leave_the_key_Unknown()
    {
        var file = Write("known_hosts", $"""
            gpu.example ssh-rsa {Convert.ToBase64String(RsaKey)}
            gpu.example.org {Entry(OtherKey)}
            gpu {Entry(OtherKey)}
            """);

        Assert.Equal(new HostKeyCheck(HostKeyStatus.Unknown, null, null), Check([file], "gpu.example", 22, ServerKey));
    }

    [Fact]
    public void Known_anywhere_wins_over_Changed_elsewhere()
    {
        var stale = Write("known_hosts", $"gpu.example {Entry(OtherKey)}");
        var current = Write("known_hosts2", $"\n\ngpu.example {Entry(ServerKey)}");

        Assert.Equal(new HostKeyCheck(HostKeyStatus.Known, current, 3), Check([stale, current], "gpu.example", 22, ServerKey));
    }

    [Fact]
    public void Missing_files_and_directories_count_as_empty()
    {
        var file = Write("known_hosts", $"gpu.example {Entry(ServerKey)}");

        Assert.Equal(HostKeyStatus.Known, Check([Path.Join(directory, "missing"), Path.Join(directory, "no/such/dir"), directory, file], "gpu.example", 22, ServerKey).Status);
        Assert.Equal(HostKeyStatus.Unknown, Check([], "gpu.example", 22, ServerKey).Status);
    }

    [Theory]
    [InlineData("gpu.example", 22, HostKeyStatus.Known)]
    [InlineData("gpu.example", 2222, HostKeyStatus.Unknown)]
    [InlineData("[gpu.example]:2222", 2222, HostKeyStatus.Known)]
    [InlineData("[gpu.example]:2222", 22, HostKeyStatus.Unknown)]
    [InlineData("[gpu.example]:2222", 2223, HostKeyStatus.Unknown)]
    [InlineData("[gpu.example]:22", 22, HostKeyStatus.Unknown)]
    [InlineData("[*.example]:2222", 2222, HostKeyStatus.Known)]
    [InlineData("[gpu.example]:*", 2222, HostKeyStatus.Known)]
    public void Non_standard_ports_are_written_as_bracketed_host_and_port(string hosts, int port, HostKeyStatus expected)
    {
        var file = Write("known_hosts", $"{hosts} {Entry(ServerKey)}");

        Assert.Equal(expected, Check([file], "gpu.example", port, ServerKey).Status);
    }

    [Fact]
    public void Ipv6_hosts_match_plain_and_bracketed_forms()
    {
        var file = Write("known_hosts", $"""
            ::1 {Entry(ServerKey)}
            [::1]:2222 {Entry(OtherKey)}
            """);

        Assert.Equal(HostKeyStatus.Known, Check([file], "::1", 22, ServerKey).Status);
        Assert.Equal(HostKeyStatus.Changed, Check([file], "::1", 2222, ServerKey).Status);
    }

    [Theory]
    [InlineData("gpu.example,10.0.0.5", "gpu.example", HostKeyStatus.Known)]
    [InlineData("gpu.example,10.0.0.5", "10.0.0.5", HostKeyStatus.Known)]
    [InlineData("gpu.example,10.0.0.5", "10.0.0.50", HostKeyStatus.Unknown)]
    [InlineData("*.example", "gpu.example", HostKeyStatus.Known)]
    [InlineData("*.example", "example", HostKeyStatus.Unknown)]
    [InlineData("gpu?.example", "gpu1.example", HostKeyStatus.Known)]
    [InlineData("gpu?.example", "gpu.example", HostKeyStatus.Unknown)]
    [InlineData("*.example,!bastion.example", "gpu.example", HostKeyStatus.Known)]
    [InlineData("*.example,!bastion.example", "bastion.example", HostKeyStatus.Unknown)]
    [InlineData("!bastion.example,*.example", "bastion.example", HostKeyStatus.Unknown)]
    [InlineData("!bastion.example", "gpu.example", HostKeyStatus.Unknown)]
    [InlineData("GPU.Example", "gpu.example", HostKeyStatus.Known)]
    [InlineData("gpu.example", "GPU.EXAMPLE", HostKeyStatus.Known)]
    [InlineData("*", "anything", HostKeyStatus.Known)]
    [InlineData("gpu.example", "gpu.example.", HostKeyStatus.Unknown)]
    public void Host_lists_support_commas_wildcards_and_negation(string hosts, string host, HostKeyStatus expected)
    {
        var file = Write("known_hosts", $"{hosts} {Entry(ServerKey)}");

        Assert.Equal(expected, Check([file], host, 22, ServerKey).Status);
    }

    [Theory]
    [InlineData("gpu.example", 22)]
    [InlineData("gpu.example", 2222)]
    [InlineData("10.1.2.3", 22)]
    [InlineData("::1", 2200)]
    public void Hashed_entries_computed_here_are_recognised(string host, int port)
    {
        var name = port == 22 ? host : $"[{host}]:{port}";
        var salt = RandomNumberGenerator.GetBytes(20);
#pragma warning disable CA5350 // known_hosts hashing is HMAC-SHA1 by definition.
        var hash = HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(name));
#pragma warning restore CA5350
        var file = Write("known_hosts", $"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(hash)} {Entry(ServerKey)}");

        Assert.Equal(new HostKeyCheck(HostKeyStatus.Known, file, 1), Check([file], host, port, ServerKey));
        Assert.Equal(HostKeyStatus.Changed, Check([file], host, port, OtherKey).Status);
        Assert.Equal(HostKeyStatus.Unknown, Check([file], host, port == 22 ? 2222 : 22, ServerKey).Status);
        Assert.Equal(HostKeyStatus.Unknown, Check([file], host + "x", port, ServerKey).Status);
    }

    [Fact]
    public void Entries_hashed_by_ssh_keygen_are_recognised()
    {
        var file = Write("known_hosts", $"""
            Gpu.Example,10.0.0.5 {Entry(ServerKey)}
            [gpu.example]:2222 {Entry(OtherKey)}
            """);

        OpenSsh.Run("ssh-keygen", "-H", "-f", file);

        var hashed = File.ReadAllText(file);
        Assert.DoesNotContain("gpu", hashed, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("|1|", hashed, StringComparison.Ordinal);
        Assert.Equal(new HostKeyCheck(HostKeyStatus.Known, file, 1), Check([file], "gpu.example", 22, ServerKey));
        Assert.Equal(new HostKeyCheck(HostKeyStatus.Known, file, 2), Check([file], "10.0.0.5", 22, ServerKey));
        Assert.Equal(new HostKeyCheck(HostKeyStatus.Known, file, 3), Check([file], "gpu.example", 2222, OtherKey));
        Assert.Equal(new HostKeyCheck(HostKeyStatus.Changed, file, 3), Check([file], "gpu.example", 2222, ServerKey));
        Assert.Equal(HostKeyStatus.Unknown, Check([file], "10.0.0.6", 22, ServerKey).Status);
    }

    [Fact]
    public void A_revoked_key_is_Revoked_even_when_also_listed_as_known()
    {
        var file = Write("known_hosts", $"""
            gpu.example {Entry(ServerKey)}
            @revoked * {Entry(OtherKey)}
            @revoked gpu.example,other.example {Entry(ServerKey)}
            """);

        Assert.Equal(new HostKeyCheck(HostKeyStatus.Revoked, file, 3), Check([file], "gpu.example", 22, ServerKey));
        Assert.Equal(new HostKeyCheck(HostKeyStatus.Revoked, file, 2), Check([file], "anything", 22, OtherKey));
        Assert.Equal(new HostKeyCheck(HostKeyStatus.Revoked, file, 3), Check([file], "other.example", 22, ServerKey));
        Assert.Equal(HostKeyStatus.Unknown, Check([file], "third.example", 22, ServerKey).Status);
    }

    [Fact]
    public void A_revocation_in_a_later_file_still_wins()
    {
        var known = Write("known_hosts", $"gpu.example {Entry(ServerKey)}");
        var revoked = Write("revoked", $"@revoked gpu.example {Entry(ServerKey)}");

        Assert.Equal(new HostKeyCheck(HostKeyStatus.Revoked, revoked, 1), Check([known, revoked], "gpu.example", 22, ServerKey));
    }

    [Fact]
    public void Cert_authority_and_unknown_markers_are_skipped()
    {
        var file = Write("known_hosts", $"""
            @cert-authority gpu.example {Entry(ServerKey)}
            @future-marker gpu.example {Entry(ServerKey)}
            @cert-authority gpu.example {Entry(OtherKey)}
            """);

        var check = Check([file], "gpu.example", 22, ServerKey);
        Assert.Equal(HostKeyStatus.Unknown, check.Status);
        Assert.Equal($"line 1 of {file}", check.IgnoredCertificateAuthority);
        Assert.Null(Check([file], "other.example", 22, ServerKey).IgnoredCertificateAuthority);
    }

    [Fact]
    public void Malformed_lines_are_skipped_but_still_counted()
    {
        var file = Write("known_hosts", $"""
            gpu.example
            gpu.example ssh-ed25519
            gpu.example ssh-ed25519 not*base64
            gpu.example ssh-ed25519 ====
            |1|gpu.example {Entry(OtherKey)}
            | {Entry(OtherKey)}
            |1|!!!|!!! {Entry(OtherKey)}
            |2|abc|def {Entry(OtherKey)}
            @revoked
            @revoked gpu.example
               # indented comment {Entry(OtherKey)}
            	gpu.example	{Entry(ServerKey)}
            """);

        Assert.Equal(new HostKeyCheck(HostKeyStatus.Known, file, 12), Check([file], "gpu.example", 22, ServerKey));
    }

    [Fact]
    public void Windows_line_endings_are_accepted()
    {
        var file = Write("known_hosts", $"a.example {Entry(OtherKey)}\r\ngpu.example {Entry(ServerKey)}\r\n");

        Assert.Equal(new HostKeyCheck(HostKeyStatus.Known, file, 2), Check([file], "gpu.example", 22, ServerKey));
    }

    [Theory]
    [InlineData("rsa-sha2-512")]
    [InlineData("rsa-sha2-256")]
    [InlineData("ssh-rsa")]
    public void Rsa_signature_algorithm_names_mean_an_ssh_rsa_key(string keyType)
    {
        var file = Write("known_hosts", $"gpu.example ssh-rsa {Convert.ToBase64String(RsaKey)}");

        Assert.Equal(HostKeyStatus.Known, KnownHostsFile.Check([file], "gpu.example", 22, keyType, RsaKey).Status);
        Assert.Equal(HostKeyStatus.Changed, KnownHostsFile.Check([file], "gpu.example", 22, keyType, Blob("ssh-rsa", [3], [4])).Status);
    }

    [Fact]
    public void Check_rejects_programming_errors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Check([], "h", 0, ServerKey));
        Assert.Throws<ArgumentOutOfRangeException>(() => Check([], "h", 65536, ServerKey));
        Assert.Throws<ArgumentNullException>(() => KnownHostsFile.Check(null!, "h", 22, Ed25519, ServerKey));
    }

    [Fact]
    public void Append_creates_a_private_directory_and_file_and_the_entry_is_then_Known()
    {
        var file = Path.Join(directory, "new", ".ssh", "known_hosts");

        KnownHostsFile.Append(file, "gpu.example", 22, Ed25519, ServerKey);

        Assert.Equal($"gpu.example {Entry(ServerKey)}\n", File.ReadAllText(file));
        Assert.Equal(new HostKeyCheck(HostKeyStatus.Known, file, 1), Check([file], "gpu.example", 22, ServerKey));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
        }
    }

    [Fact]
    public void Append_adds_a_missing_final_newline_and_keeps_existing_content()
    {
        var file = Write("known_hosts", $"other.example {Entry(OtherKey)}");

        KnownHostsFile.Append(file, "GPU.Example", 2222, "rsa-sha2-512", RsaKey);
        KnownHostsFile.Append(file, "::1", 2200, Ed25519, ServerKey);
        KnownHostsFile.Append(file, "::1", 22, Ed25519, ServerKey);

        Assert.Equal(
            $"other.example {Entry(OtherKey)}\n"
            + $"[gpu.example]:2222 ssh-rsa {Convert.ToBase64String(RsaKey)}\n"
            + $"[::1]:2200 {Entry(ServerKey)}\n"
            + $"::1 {Entry(ServerKey)}\n",
            File.ReadAllText(file));
        Assert.Equal(new HostKeyCheck(HostKeyStatus.Known, file, 2), KnownHostsFile.Check([file], "gpu.example", 2222, "ssh-rsa", RsaKey));
    }

    [Fact]
    public void Append_to_an_empty_file_adds_no_blank_line()
    {
        var file = Write("known_hosts", "");

        KnownHostsFile.Append(file, "gpu.example", 22, Ed25519, ServerKey);

        Assert.Equal($"gpu.example {Entry(ServerKey)}\n", File.ReadAllText(file));
    }

    [Fact]
    public void Appended_entries_are_found_by_ssh_keygen()
    {
        var file = Path.Join(directory, "known_hosts");
        KnownHostsFile.Append(file, "gpu.example", 22, Ed25519, ServerKey);
        KnownHostsFile.Append(file, "gpu.example", 2222, Ed25519, OtherKey);

        Assert.Contains($"gpu.example {Entry(ServerKey)}", OpenSsh.Run("ssh-keygen", "-F", "gpu.example", "-f", file), StringComparison.Ordinal);
        Assert.Contains($"[gpu.example]:2222 {Entry(OtherKey)}", OpenSsh.Run("ssh-keygen", "-F", "[gpu.example]:2222", "-f", file), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpu example")]
    [InlineData("gpu.example\n* ssh-ed25519 AAAA")]
    [InlineData("gpu.example,evil.example")]
    [InlineData("*")]
    [InlineData("*.example")]
    [InlineData("gpu?")]
    [InlineData("!gpu")]
    [InlineData("@revoked")]
    [InlineData("@cert-authority")]
    [InlineData("|1|c2FsdA==|aGFzaA==")]
    [InlineData("#gpu")]
    [InlineData("[gpu]:22")]
    [InlineData("-oProxyCommand=id")]
    [InlineData("")]
    public void Append_refuses_host_names_that_known_hosts_would_misread(string host)
    {
        var file = Write("known_hosts", $"other.example {Entry(OtherKey)}\n");

        var error = Assert.Throws<RemoteJupyterException>(() => KnownHostsFile.Append(file, host, 22, Ed25519, ServerKey));

        Assert.Equal(ErrorCode.InvalidHost, error.Code);
        Assert.Contains("Cannot save the host key", error.Message, StringComparison.Ordinal);
        Assert.Equal($"other.example {Entry(OtherKey)}\n", File.ReadAllText(file));
    }

    [Fact]
    public void Append_rejects_programming_errors_without_touching_the_disk()
    {
        var file = Path.Join(directory, "sub", "known_hosts");

        Assert.Throws<ArgumentException>(() => KnownHostsFile.Append(file, "gpu", 22, "ssh-ed25519 x", ServerKey));
        Assert.Throws<ArgumentException>(() => KnownHostsFile.Append(file, "gpu", 22, "ssh-ed25519\n", ServerKey));
        Assert.Throws<ArgumentException>(() => KnownHostsFile.Append(file, "gpu", 22, "", ServerKey));
        Assert.Throws<ArgumentOutOfRangeException>(() => KnownHostsFile.Append(file, "gpu", 22, Ed25519, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => KnownHostsFile.Append(file, "gpu", 0, Ed25519, ServerKey));
        Assert.False(Directory.Exists(Path.GetDirectoryName(file)));
    }

    private static HostKeyCheck Check(string[] files, string host, int port, byte[] ed25519Key) =>
        KnownHostsFile.Check(files, host, port, Ed25519, ed25519Key);

    private static string Entry(byte[] ed25519Key) => $"{Ed25519} {Convert.ToBase64String(ed25519Key)}";

    // A structurally valid ed25519 public key (any 32 bytes are accepted by ssh-keygen), varied by seed.
    private static byte[] Ed25519Blob(byte seed) => Blob(Ed25519, [.. Enumerable.Range(0, 32).Select(i => (byte)(seed * 31 + i))]);

    // SSH wire format (RFC 4253 §6.6): the type name and then each part as a length-prefixed string.
    private static byte[] Blob(string type, params byte[][] parts)
    {
        var blob = new List<byte>();
        foreach (var part in (byte[][])[Encoding.ASCII.GetBytes(type), .. parts])
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, part.Length);
            blob.AddRange(length);
            blob.AddRange(part);
        }

        return [.. blob];
    }

    private string Write(string name, string content)
    {
        var path = Path.Join(directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
