using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Sidecar.Demo;

/// <summary>
/// A real one-node Slurm (Debian's slurm-wlm 22.05 + munge) on loopback, in a temp dir, for the test suites of every
/// language (the C# fixture, the extension's TS tests and the end-to-end test reach it through <c>test-host --slurm</c>):
/// munged, slurmctld and slurmd run as children (root is required: slurmd starts jobs as the SSH test user), and the
/// login user's ~/.profile exports <c>SLURM_CONF</c> so its login shells find the cluster. Disposing sends SIGTERM by
/// pid (slurmd first), removes the ~/.profile line again and deletes the temp dir.
/// </summary>
public sealed class ThrowawaySlurmCluster : IAsyncDisposable
{
    /// <summary>The one node's name; its address is 127.0.0.1.</summary>
    public const string NodeName = "node1";

    /// <summary>The one partition (default, no time limit).</summary>
    public const string Partition = "debug";

    private const string ProfileMarker = "# remote-jupyter throwaway Slurm cluster";
    private readonly List<Process> daemons = [];
    private readonly string userName;
    private readonly string userHome;
    private string? profilePath;
    private bool createdProfile;

    private ThrowawaySlurmCluster(string tempDir, string userName, string userHome)
    {
        TempDir = tempDir;
        this.userName = userName;
        this.userHome = userHome;
    }

    /// <summary>The cluster's folder (configuration, state, logs).</summary>
    public string TempDir { get; }

    /// <summary>The slurm.conf every client must find (exported as SLURM_CONF).</summary>
    public string ConfPath => Path.Combine(TempDir, "slurm.conf");

    /// <summary>How long the cluster took to reach idle.</summary>
    public TimeSpan StartDuration { get; private set; }

    /// <summary>Starts the cluster for jobs of <paramref name="userName"/> (whose login shells will find it) and waits until its node is idle.</summary>
    public static async Task<ThrowawaySlurmCluster> StartAsync(string userName, string userHome, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("A throwaway Slurm cluster needs root: slurmd must start jobs as the unprivileged SSH test user.");
        }

        foreach (var tool in new[] { "/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sinfo" })
        {
            if (!File.Exists(tool))
            {
                throw new InvalidOperationException($"{tool} is missing: run tests/setup-debian.sh (it installs slurm-wlm and munge).");
            }
        }

        var cluster = new ThrowawaySlurmCluster(Directory.CreateTempSubdirectory("rj-slurm-").FullName, userName, userHome);
        try
        {
            await cluster.StartDaemonsAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a Slurm client (squeue, scancel, sbatch, …) here as root against the cluster; throws with its stderr when it fails.</summary>
    public async Task<string> RunClientAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["SLURM_CONF"] = ConfPath;
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0
            ? await stdout
            : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {(await stderr).Trim()}");
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        RemoveProfileLine();
        await CancelLeftoverJobsAsync();

        // slurmd first, so that no node reports to a controller that is gone; munged last.
        for (var i = daemons.Count - 1; i >= 0; i--)
        {
            await StopAsync(daemons[i]);
        }

        daemons.Clear();
        if (Directory.Exists(TempDir))
        {
            Directory.Delete(TempDir, recursive: true);
        }
    }

    /// <summary>A test cut short may leave jobs; their slurmstepd would outlive slurmd, so they are cancelled while the controller still answers.</summary>
    private async Task CancelLeftoverJobsAsync()
    {
        if (daemons.Count < 3 || daemons.Any(d => d.HasExited))
        {
            return;
        }

        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await RunClientAsync("/usr/bin/scancel", ["--user", userName], bounded.Token);
            while ((await RunClientAsync("/usr/bin/squeue", ["-h", "-o", "%i"], bounded.Token)).Trim().Length > 0)
            {
                await Task.Delay(200, bounded.Token);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // Best effort: stopping the daemons comes next either way.
        }
    }

    [UnsupportedOSPlatform("windows")]
    private async Task StartDaemonsAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        File.SetUnixFileMode(TempDir, (UnixFileMode)Convert.ToInt32("755", 8));
        var socketDir = Path.Combine(TempDir, "munge");
        Directory.CreateDirectory(socketDir);

        // munged refuses a socket directory others cannot enter.
        File.SetUnixFileMode(socketDir, (UnixFileMode)Convert.ToInt32("755", 8));
        var keyPath = Path.Combine(TempDir, "munge.key");
        await File.WriteAllBytesAsync(keyPath, RandomNumberGenerator.GetBytes(1024), cancellationToken);
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead);
        var socket = Path.Combine(socketDir, "munge.socket");
        Start("/usr/sbin/munged", ["-F", "--socket=" + socket, "--key-file=" + keyPath, "--pid-file=" + Path.Combine(TempDir, "munged.pid"),
            "--seed-file=" + Path.Combine(TempDir, "munged.seed"), "--log-file=" + Path.Combine(TempDir, "munged.log")]);
        await WaitUntilAsync(() => Task.FromResult(File.Exists(socket)), "munged to create its socket", Path.Combine(TempDir, "munged.log"), cancellationToken);

        foreach (var dir in new[] { "state", "spool" })
        {
            Directory.CreateDirectory(Path.Combine(TempDir, dir));
        }

        await File.WriteAllTextAsync(ConfPath, Conf(socket, FreePort(), FreePort()), cancellationToken);
        Start("/usr/sbin/slurmctld", ["-D"]);
        Start("/usr/sbin/slurmd", ["-D", "-N", NodeName]);
        await WaitUntilAsync(
            async () => (await RunClientAsync("/usr/bin/sinfo", ["-h", "-o", "%T"], cancellationToken)).Trim() == "idle",
            "the node to become idle",
            Path.Combine(TempDir, "slurmctld.log"),
            cancellationToken);
        StartDuration = Stopwatch.GetElapsedTime(started);
        WriteProfileLine();
    }

    private string Conf(string socket, int controllerPort, int nodePort)
    {
        var dir = TempDir;
        return string.Join('\n',
            "ClusterName=rjtest",
            "SlurmctldHost=localhost",
            $"SlurmctldPort={controllerPort}",
            $"SlurmdPort={nodePort}",
            "SlurmUser=root",
            "AuthType=auth/munge",
            "CredType=cred/munge",
            $"AuthInfo=socket={socket}",
            $"StateSaveLocation={dir}/state",
            $"SlurmdSpoolDir={dir}/spool",
            $"SlurmctldPidFile={dir}/slurmctld.pid",
            $"SlurmdPidFile={dir}/slurmd.pid",
            $"SlurmctldLogFile={dir}/slurmctld.log",
            $"SlurmdLogFile={dir}/slurmd.log",
            "ProctrackType=proctrack/linuxproc",
            "TaskPlugin=task/none",
            "JobAcctGatherType=jobacct_gather/none",
            "AccountingStorageType=accounting_storage/none",
            "SelectType=select/cons_tres",
            "SelectTypeParameters=CR_Core",
            "ReturnToService=2",
            "MailProg=/bin/true",
            "InactiveLimit=0",
            "KillWait=5",
            $"NodeName={NodeName} NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN",
            $"PartitionName={Partition} Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
            string.Empty);
    }

    private void Start(string file, IReadOnlyList<string> arguments)
    {
        var startInfo = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["SLURM_CONF"] = ConfPath;
        var process = Process.Start(startInfo)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        daemons.Add(process);
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what, string logPath, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
        while (Stopwatch.GetTimestamp() < deadline && !daemons.Any(d => d.HasExited))
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (InvalidOperationException)
            {
                // The controller is not answering yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        var log = File.Exists(logPath) ? await File.ReadAllTextAsync(logPath, cancellationToken) : "(no log)";
        throw new InvalidOperationException($"Slurm did not come up: waited for {what}.\n{logPath}:\n{log}");
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            PosixProcess.Signal(process.Id, PosixProcess.SigTerm);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
            }
        }

        process.Dispose();
    }

    private void WriteProfileLine()
    {
        profilePath = Path.Combine(userHome, ".profile");
        createdProfile = !File.Exists(profilePath);
        File.AppendAllText(profilePath, $"export SLURM_CONF={ShellQuote.Quote(ConfPath)} {ProfileMarker}\n");
        if (createdProfile)
        {
            using var chown = Process.Start(new ProcessStartInfo("/bin/chown") { ArgumentList = { userName + ":", profilePath } })!;
            chown.WaitForExit();
        }
    }

    private void RemoveProfileLine()
    {
        if (profilePath is null || !File.Exists(profilePath))
        {
            return;
        }

        var kept = File.ReadAllLines(profilePath).Where(line => !line.EndsWith(ProfileMarker, StringComparison.Ordinal)).ToList();
        if (createdProfile && kept.Count == 0)
        {
            File.Delete(profilePath);
        }
        else
        {
            File.WriteAllLines(profilePath, kept);
        }

        profilePath = null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
