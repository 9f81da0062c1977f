using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
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
    // 0644 and 0755: the login user may be someone else, and sshd reads authorized_keys as that user.
    private const UnixFileMode ReadableByAll =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode TraversableByAll = ReadableByAll
        | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
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

        var (userName, userHome) = await PrepareLoginUserAsync(options.LoginUser, logger, ct);
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

    /// <summary>
    /// Makes sshd run with <paramref name="config"/>: checks it with <c>sshd -t</c>, rewrites the file and
    /// reloads via SIGHUP. Returns once the reloaded sshd accepts connections; existing sessions survive.
    /// </summary>
    /// <exception cref="ArgumentException">sshd rejects the config, or it moves the port or address.</exception>
    public async Task ApplyConfigAsync(SshdConfig config, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (config.Port != Config.Port || config.ListenAddress != Config.ListenAddress)
        {
            throw new ArgumentException(
                "Port and ListenAddress are fixed for the host's lifetime: ssh_config and known_hosts name them.",
                nameof(config));
        }

        if (config == Config)
        {
            return;
        }

        var candidate = ConfigPath + ".candidate";
        await File.WriteAllTextAsync(candidate, config.Render(), ct);
        var check = await RunAsync(options.SshdPath, ["-t", "-f", candidate], ct);
        if (check.ExitCode != 0)
        {
            File.Delete(candidate);
            throw new ArgumentException($"sshd rejects the config: {check.Stderr.Trim()}", nameof(config));
        }

        File.Move(candidate, ConfigPath, overwrite: true);

        // After re-exec every socket of the old image is closed, so a new one proves the banner comes from the new config.
        var pid = SshdPid;
        var oldSockets = PosixProcess.SocketsOf(pid);
        LogReloading(logger, pid);
        if (!PosixProcess.Signal(pid, PosixProcess.SigHup))
        {
            throw Failure($"Could not send SIGHUP to sshd (pid {pid}).");
        }

        Config = config;
        await WaitUntilListeningAsync(oldSockets, ct);
    }

    /// <summary>Returns sshd to the config it started with.</summary>
    public Task ResetConfigAsync(CancellationToken ct) => ApplyConfigAsync(initialConfig, ct);

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

    private static async Task<(string Name, string Home)> PrepareLoginUserAsync(string? requested, ILogger logger, CancellationToken ct)
    {
        var current = Environment.UserName;
        if (requested is null || requested == current)
        {
            var home = (await GetentAsync("passwd", current, ct))?[5] ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return (current, home);
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new RemoteJupyterException(
                ErrorCode.Unexpected,
                $"The throwaway SSH host can log in as '{requested}' only when run as root: an sshd started by " +
                $"'{current}' can authenticate no one but '{current}'. Leave the login user unset to use '{current}'.");
        }

        if (!IsPlainUserName(requested))
        {
            throw new ArgumentException($"'{requested}' is not a plain lower-case user name.", nameof(requested));
        }

        var entry = await GetentAsync("passwd", requested, ct);
        if (entry is null)
        {
            LogCreatingUser(logger, requested);
            var created = await RunAsync("useradd", ["-m", "-s", "/bin/bash", requested], ct);

            // Another process may have created it meanwhile; only its absence afterwards is an error.
            entry = await GetentAsync("passwd", requested, ct)
                ?? throw new RemoteJupyterException(ErrorCode.Unexpected, $"useradd {requested} failed: {created.Stderr.Trim()}");
        }

        // Without PAM, sshd itself refuses accounts whose password starts with '!' (locked), even for key login;
        // useradd creates exactly such an account.
        var password = (await GetentAsync("shadow", requested, ct))?[1] ?? "";
        if (password.StartsWith('!'))
        {
            if (password is not ("!" or "!!" or "!*"))
            {
                throw new RemoteJupyterException(
                    ErrorCode.Unexpected,
                    $"User '{requested}' is locked and has a password; unlock it (usermod -U {requested}) or pick another user.");
            }

            LogUnlockingUser(logger, requested);
            var unlocked = await RunAsync("usermod", ["-p", "*", requested], ct);
            if (unlocked.ExitCode != 0)
            {
                throw new RemoteJupyterException(ErrorCode.Unexpected, $"usermod -p '*' {requested} failed: {unlocked.Stderr.Trim()}");
            }
        }

        return (requested, entry[5]);
    }

    private static bool IsPlainUserName(string name) =>
        name.Length is > 0 and <= 32
        && (char.IsAsciiLetterLower(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');

    private static async Task<string[]?> GetentAsync(string database, string key, CancellationToken ct)
    {
        var result = await RunAsync("getent", [database, key], ct);
        // passwd entries have 7 fields and shadow entries 9; callers index into them.
        return result.ExitCode == 0 && result.Stdout.Split('\n')[0].Split(':') is { Length: >= 7 } fields ? fields : null;
    }

    /// <summary>Null if the version cannot be read; callers then assume an older sshd.</summary>
    private static async Task<Version?> GetSshdVersionAsync(string sshdPath, CancellationToken ct)
    {
        // "-V" prints e.g. "OpenSSH_9.2p1 Debian-2, OpenSSL …"; older releases print it atop their usage text.
        var result = await RunAsync(sshdPath, ["-V"], ct);
        var text = result.Stderr + result.Stdout;
        var start = text.IndexOf("OpenSSH_", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var digits = new string(text[(start + 8)..].TakeWhile(c => char.IsAsciiDigit(c) || c == '.').ToArray());
        return Version.TryParse(digits, out var version) ? version : null;
    }

    private static int PickFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [UnsupportedOSPlatform("windows")]
    private static async Task WriteFileAsync(string path, string text, UnixFileMode mode, CancellationToken ct)
    {
        await File.WriteAllTextAsync(path, text, ct);
        File.SetUnixFileMode(path, mode);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new RemoteJupyterException(ErrorCode.Unexpected, $"Could not start {file}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    [UnsupportedOSPlatform("windows")]
    private async Task LaunchAsync(Version? version, CancellationToken ct)
    {
        File.SetUnixFileMode(TempDir, TraversableByAll);
        if (UserName != Environment.UserName)
        {
            EnsureReachableBy(UserName);
        }

        await RunCheckedAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "rj-throwaway-host", "-f", Config.HostKeyPath], ct);
        await RunCheckedAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "rj-throwaway-client", "-f", ClientKeyPath], ct);
        File.SetUnixFileMode(ClientKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        HostPublicKeyLine = await ReadPublicKeyLineAsync(Config.HostKeyPath + ".pub", ct);
        var clientPublicKey = await ReadPublicKeyLineAsync(ClientKeyPath + ".pub", ct);
        await WriteFileAsync(Config.AuthorizedKeysFile, clientPublicKey + "\n", ReadableByAll, ct);

        if (Environment.IsPrivilegedProcess && !Directory.Exists("/run/sshd"))
        {
            // sshd running as root chroots its pre-auth child here and refuses to start without it.
            Directory.CreateDirectory("/run/sshd", TraversableByAll);
        }

        var versionText = version?.ToString() ?? "(unknown version)";

        // The port was free a moment ago; if someone took it since, sshd cannot bind and we try another.
        for (var attempt = 1; ; attempt++)
        {
            await File.WriteAllTextAsync(ConfigPath, Config.Render(), ct);
            LogStarting(logger, versionText, Port, UserName, TempDir);
            StartSshd();
            try
            {
                await WaitUntilListeningAsync(new HashSet<string>(), ct);
                break;
            }
            catch (RemoteJupyterException) when (attempt < 3 && sshd!.HasExited && ReadLog().Contains("Address already in use", StringComparison.Ordinal))
            {
                sshd.Dispose();
                sshd = null;
                Config = Config with { Port = PickFreePort() };
            }
        }

        await File.WriteAllTextAsync(KnownHostsPath, $"[127.0.0.1]:{Port} {HostPublicKeyLine}\n", ct);
        await File.WriteAllTextAsync(SshConfigPath, RenderSshConfig(), ct);
        LogReady(logger, SshdPid, SshConfigPath, Alias);
    }

    /// <summary>sshd reads authorized_keys as the login user, so every directory above it must let that user through.</summary>
    [UnsupportedOSPlatform("windows")]
    private void EnsureReachableBy(string user)
    {
        for (var dir = Path.GetDirectoryName(TempDir); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if ((File.GetUnixFileMode(dir) & UnixFileMode.OtherExecute) == 0)
            {
                throw new RemoteJupyterException(
                    ErrorCode.Unexpected,
                    $"User '{user}' cannot enter {dir}, so sshd could not read the keys in {TempDir}. " +
                    "Point TMPDIR at a directory everyone may enter, such as /tmp.");
            }
        }
    }

    private string RenderSshConfig()
    {
        var text = new StringBuilder();
        text.Append("# Written by Remote Jupyter's throwaway SSH host; use with ssh -F.\n");
        text.Append(CultureInfo.InvariantCulture, $"Host {Alias}\n");
        text.Append("  HostName 127.0.0.1\n");
        text.Append(CultureInfo.InvariantCulture, $"  Port {Port}\n");
        text.Append(CultureInfo.InvariantCulture, $"  User {UserName}\n");
        text.Append(CultureInfo.InvariantCulture, $"  IdentityFile {SshdConfig.Quote(ClientKeyPath)}\n");
        text.Append("  IdentitiesOnly yes\n");
        text.Append(CultureInfo.InvariantCulture, $"  UserKnownHostsFile {SshdConfig.Quote(KnownHostsPath)}\n");
        text.Append("  StrictHostKeyChecking yes\n");
        return text.ToString();
    }

    private static async Task<string> ReadPublicKeyLineAsync(string path, CancellationToken ct)
    {
        // Drop the comment: known_hosts and HostPublicKeyLine want just "type base64".
        var fields = (await File.ReadAllTextAsync(path, ct)).Split(' ', 3, StringSplitOptions.TrimEntries);
        return $"{fields[0]} {fields[1]}";
    }

    private static async Task RunCheckedAsync(string file, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var result = await RunAsync(file, arguments, ct);
        if (result.ExitCode != 0)
        {
            throw new RemoteJupyterException(
                ErrorCode.Unexpected,
                $"{file} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Stderr.Trim()}");
        }
    }

    private void StartSshd()
    {
        var startInfo = new ProcessStartInfo(options.SshdPath)
        {
            // Redirected so sshd (and the session processes inheriting its stdio) never write into our stdout.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // -D keeps sshd in the foreground as our child; -e with -E sends its log to the file, not syslog.
        foreach (var argument in new[] { "-D", "-e", "-f", ConfigPath, "-E", SshdLogPath })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => OnStdio(e.Data);
        process.ErrorDataReceived += (_, e) => OnStdio(e.Data);
        process.Start();
        sshd = process;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void OnStdio(string? line)
    {
        if (line is null)
        {
            return;
        }

        LogSshdOutput(logger, line);
        lock (stdioLock)
        {
            // Bounded: this only exists to explain a failed start.
            if (stdio.Length < 16 * 1024)
            {
                stdio.Append(line).Append('\n');
            }
        }
    }

    /// <summary>Waits until sshd holds a socket not in <paramref name="oldSockets"/> and answers with an SSH banner.</summary>
    private async Task WaitUntilListeningAsync(IReadOnlySet<string> oldSockets, CancellationToken ct)
    {
        var process = sshd ?? throw new InvalidOperationException("sshd was not started.");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw Failure($"sshd exited with code {process.ExitCode}.");
            }

            if (PosixProcess.SocketsOf(process.Id).Except(oldSockets).Any() && await AnswersWithBannerAsync(ct))
            {
                LogAnswered(logger, Port, clock.ElapsedMilliseconds);
                return;
            }

            if (clock.Elapsed > options.StartTimeout)
            {
                throw Failure($"sshd did not answer on 127.0.0.1:{Port} within {options.StartTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }
    }

    private async Task<bool> AnswersWithBannerAsync(CancellationToken ct)
    {
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(ct);
        probe.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, probe.Token);
            await using var stream = client.GetStream();
            var buffer = new byte[7];
            await stream.ReadExactlyAsync(buffer, probe.Token);
            return Encoding.ASCII.GetString(buffer) == "SSH-2.0";
        }
        catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return false;
        }
    }

    private RemoteJupyterException Failure(string what)
    {
        string captured;
        lock (stdioLock)
        {
            captured = stdio.ToString();
        }

        return new RemoteJupyterException(
            ErrorCode.Unexpected,
            $"{what}\n--- sshd log ({SshdLogPath}) ---\n{ReadLog()}--- sshd stdout/stderr ---\n{captured}");
    }

    private async Task StopSshdAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        // Once sshd is gone its sessions are re-parented and no longer findable, so collect them first,
        // and once more right after SIGTERM for a session accepted in between.
        var pid = process.Id;
        var sessions = PosixProcess.ChildrenOf(pid).ToHashSet();
        LogStopping(logger, pid, sessions.Count);
        PosixProcess.Signal(pid, PosixProcess.SigTerm);
        sessions.UnionWith(PosixProcess.ChildrenOf(pid));
        foreach (var session in sessions)
        {
            PosixProcess.Signal(session, PosixProcess.SigTerm);
        }

        // Polls HasExited: WaitForExitAsync would also wait for EOF on sshd's stdio, which sessions inherit.
        if (!await WaitUntilAsync(() => process.HasExited, StopTimeout))
        {
            LogKillingSshd(logger, pid, StopTimeout.TotalSeconds);
            process.Kill();
            await WaitUntilAsync(() => process.HasExited, StopTimeout);
        }

        if (!await WaitUntilAsync(() => !sessions.Any(PosixProcess.IsAlive), StopTimeout))
        {
            foreach (var session in sessions.Where(PosixProcess.IsAlive))
            {
                LogKillingSession(logger, session.Pid);
                PosixProcess.Signal(session, PosixProcess.SigKill);
            }
        }
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting sshd {Version} on 127.0.0.1:{Port} for user {User} in {TempDir}")]
    private static partial void LogStarting(ILogger logger, string version, int port, string user, string tempDir);

    [LoggerMessage(Level = LogLevel.Debug, Message = "sshd answered on port {Port} after {Elapsed} ms")]
    private static partial void LogAnswered(ILogger logger, int port, long elapsed);

    [LoggerMessage(Level = LogLevel.Information, Message = "sshd (pid {Pid}) is ready: ssh -F {SshConfig} {Alias}")]
    private static partial void LogReady(ILogger logger, int pid, string sshConfig, string alias);

    [LoggerMessage(Level = LogLevel.Debug, Message = "sshd: {Line}")]
    private static partial void LogSshdOutput(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "Creating user {User} for the throwaway SSH host")]
    private static partial void LogCreatingUser(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unlocking user {User} for key login (password set to '*')")]
    private static partial void LogUnlockingUser(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloading sshd (pid {Pid}) with a changed config")]
    private static partial void LogReloading(ILogger logger, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping sshd (pid {Pid}) and {Count} session process(es)")]
    private static partial void LogStopping(ILogger logger, int pid, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "sshd (pid {Pid}) ignored SIGTERM for {Seconds} s; killing it")]
    private static partial void LogKillingSshd(ILogger logger, int pid, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "sshd session process {Pid} ignored SIGTERM; killing it")]
    private static partial void LogKillingSession(ILogger logger, int pid);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {TempDir}")]
    private static partial void LogDeleted(ILogger logger, string tempDir);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete {TempDir}")]
    private static partial void LogDeleteFailed(ILogger logger, string tempDir, Exception exception);
}
