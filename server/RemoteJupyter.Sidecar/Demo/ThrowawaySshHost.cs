using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Sidecar.Demo;

/// <summary>
/// A real OpenSSH server on a random loopback port, with its own keys, known_hosts and ssh_config in a
/// temp dir, for the demo command and the integration tests. Disposing stops it and removes every trace.
/// </summary>
public sealed partial class ThrowawaySshHost : IAsyncDisposable
{
    private static readonly Version FirstWithPenalties = new(9, 8);

    private readonly ThrowawaySshHostOptions options;
    private readonly ILogger logger;
    private readonly SshdConfig initialConfig;
    private readonly Lock stdioLock = new();
    private readonly StringBuilder stdio = new();
    private Process? sshd;
    private bool disposed;

    private ThrowawaySshHost(ThrowawaySshHostOptions options, ILogger logger, string userName, string userHome, string tempDir, Version? sshdVersion)
    {
        this.options = options;
        this.logger = logger;
        Alias = options.Alias;
        UserName = userName;
        UserHome = userHome;
        TempDir = tempDir;
        initialConfig = new SshdConfig
        {
            Port = PickFreePort(),
            HostKeyPath = Path.Combine(tempDir, "host_ed25519"),
            AuthorizedKeysFile = Path.Combine(tempDir, "authorized_keys"),
            PidFile = Path.Combine(tempDir, "sshd.pid"),
            PerSourcePenalties = sshdVersion >= FirstWithPenalties ? "no" : null,
            ExtraLines = options.ExtraConfig,
        };
        Config = initialConfig;
    }

    /// <summary>The loopback port sshd listens on.</summary>
    public int Port => Config.Port;

    /// <summary>The Host alias in <see cref="SshConfigPath"/>.</summary>
    public string Alias { get; }

    /// <summary>The account ssh logs in as.</summary>
    public string UserName { get; }

    public string UserHome { get; }

    /// <summary>Holds every file of this host; deleted on dispose.</summary>
    public string TempDir { get; }

    /// <summary>Private key that authorized_keys accepts; mode 0600, owned by the current process's user.</summary>
    public string ClientKeyPath => Path.Combine(TempDir, "client_ed25519");

    /// <summary>Trusts exactly this host's key at [127.0.0.1]:<see cref="Port"/>.</summary>
    public string KnownHostsPath => Path.Combine(TempDir, "known_hosts");

    /// <summary>For <c>ssh -F</c>: defines <see cref="Alias"/> with port, user, key and known_hosts.</summary>
    public string SshConfigPath => Path.Combine(TempDir, "ssh_config");

    public string SshdLogPath => Path.Combine(TempDir, "sshd.log");

    /// <summary>The host key as "type base64", e.g. "ssh-ed25519 AAAA…".</summary>
    public string HostPublicKeyLine { get; private set; } = "";

    /// <summary>sshd's pid; a config reload re-executes sshd under the same pid.</summary>
    public int SshdPid => sshd?.Id ?? -1;

    /// <summary>The config sshd currently runs with.</summary>
    public SshdConfig Config { get; private set; }

    private string ConfigPath => Path.Combine(TempDir, "sshd_config");

    /// <summary>Starts sshd and returns once it answers with an SSH banner.</summary>
    /// <exception cref="RemoteJupyterException">sshd could not be prepared or started; carries sshd's log.</exception>
    public static async Task<ThrowawaySshHost> StartAsync(ThrowawaySshHostOptions options, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The throwaway SSH host needs Linux: it finds sshd's processes through /proc.");
        }

        if (!File.Exists(options.SshdPath))
        {
            throw new RemoteJupyterException(
                ErrorCode.Unexpected,
                $"{options.SshdPath} not found; install OpenSSH's server (Debian: apt-get install openssh-server).");
        }

        var (userName, userHome) = await PrepareLoginUserAsync(options.LoginUser, options.LoginShell, logger, ct);
        var version = await GetSshdVersionAsync(options.SshdPath, ct);
        var tempDir = Directory.CreateTempSubdirectory("rj-sshd-").FullName;
        var host = new ThrowawaySshHost(options, logger, userName, userHome, tempDir, version);
        try
        {
            await host.LaunchAsync(version, ct);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>sshd's own log (LogLevel VERBOSE by default); useful in test failure messages.</summary>
    public string ReadLog()
    {
        try
        {
            using var stream = new FileStream(SshdLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return "";
        }
    }

    /// <summary>Stops exactly our sshd and its session processes, then deletes <see cref="TempDir"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (sshd is not null)
        {
            await StopSshdAsync(sshd);
            sshd.Dispose();
        }

        try
        {
            Directory.Delete(TempDir, recursive: true);
            LogDeleted(logger, TempDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogDeleteFailed(logger, TempDir, e);
        }
    }

    private static int PickFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
