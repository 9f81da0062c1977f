using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Sidecar.Demo;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>
/// A real one-node Slurm (Debian's slurm-wlm 22.05 + munge) on loopback, in a temp dir: munged, slurmctld and
/// slurmd run as children of the test process (root is required: slurmd starts jobs as the SSH test user), and
/// the test user's ~/.profile exports <c>SLURM_CONF</c> so its login shells find the cluster. Teardown sends
/// SIGTERM by pid (slurmd first) and removes the ~/.profile line again. Use as a class fixture in the "sshd"
/// collection. Without root or without the packages, every test of the class fails with the reason.
/// </summary>
public sealed class SlurmFixture(SshdFixture sshd, IMessageSink diagnostics) : IAsyncLifetime
{
    /// <summary>The one node's name; its address is 127.0.0.1.</summary>
    public const string NodeName = "node1";

    /// <summary>The one partition (default, no time limit).</summary>
    public const string Partition = "debug";

    private const string ProfileMarker = "# remote-jupyter SlurmFixture";
    private readonly List<Process> daemons = [];
    private string? tempDir;
    private string? profilePath;
    private bool createdProfile;

    public ThrowawaySshHost Host => sshd.Host;

    /// <summary>The slurm.conf every client must find (exported as SLURM_CONF).</summary>
    public string ConfPath => Path.Combine(TempDir, "slurm.conf");

    /// <summary>How long the cluster took to reach idle.</summary>
    public TimeSpan StartDuration { get; private set; }

    private string TempDir => tempDir ?? throw new InvalidOperationException("The Slurm fixture has not started.");

    public async Task InitializeAsync()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("The Slurm tests need root: slurmd must start jobs as the unprivileged SSH test user.");
        }

        foreach (var tool in new[] { "/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sinfo" })
        {
            if (!File.Exists(tool))
            {
                throw new InvalidOperationException($"{tool} is missing: run tests/setup-debian.sh (it installs slurm-wlm and munge).");
            }
        }

        var started = Stopwatch.GetTimestamp();
        tempDir = Directory.CreateTempSubdirectory("rj-slurm-").FullName;
        File.SetUnixFileMode(TempDir, (UnixFileMode)Convert.ToInt32("755", 8));
        var socketDir = Path.Combine(TempDir, "munge");
        Directory.CreateDirectory(socketDir);
        File.SetUnixFileMode(socketDir, (UnixFileMode)Convert.ToInt32("755", 8));
        var keyPath = Path.Combine(TempDir, "munge.key");
        await File.WriteAllBytesAsync(keyPath, RandomNumberGenerator.GetBytes(1024));
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead);
        var socket = Path.Combine(socketDir, "munge.socket");
        Start("/usr/sbin/munged", ["-F", "--socket=" + socket, "--key-file=" + keyPath, "--pid-file=" + Path.Combine(TempDir, "munged.pid"),
            "--seed-file=" + Path.Combine(TempDir, "munged.seed"), "--log-file=" + Path.Combine(TempDir, "munged.log")]);
        await WaitUntilAsync(() => Task.FromResult(File.Exists(socket)), "munged to create its socket", Path.Combine(TempDir, "munged.log"));

        foreach (var dir in new[] { "state", "spool" })
        {
            Directory.CreateDirectory(Path.Combine(TempDir, dir));
        }

        await File.WriteAllTextAsync(ConfPath, Conf(socket, FreePort(), FreePort()));
        Start("/usr/sbin/slurmctld", ["-D"]);
        Start("/usr/sbin/slurmd", ["-D", "-N", NodeName]);
        await WaitUntilAsync(async () => (await RunLocalAsync("/usr/bin/sinfo", ["-h", "-o", "%T"])).Trim() == "idle",
            "the node to become idle", Path.Combine(TempDir, "slurmctld.log"));
        StartDuration = Stopwatch.GetElapsedTime(started);
        WriteProfileLine();
        diagnostics.OnMessage(new DiagnosticMessage($"{nameof(SlurmFixture)}: idle after {StartDuration.TotalSeconds:F1} s in {TempDir}"));
    }

    public async Task DisposeAsync()
    {
        RemoveProfileLine();

        // slurmd first, so that no node reports to a controller that is gone; munged last.
        for (var i = daemons.Count - 1; i >= 0; i--)
        {
            await StopAsync(daemons[i]);
        }

        daemons.Clear();

        if (tempDir is not null)
        {
            Directory.Delete(tempDir, recursive: true);
        }
    }

    /// <summary>Runs a Slurm client (squeue, scancel, sbatch, …) here as root against the cluster.</summary>
    public Task<string> RunLocalAsync(string file, IReadOnlyList<string> arguments) => RunLocalAsync(file, arguments, CancellationToken.None);

    /// <summary>Runs a Slurm client (squeue, scancel, sbatch, …) here as root against the cluster.</summary>
    public async Task<string> RunLocalAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
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

    /// <summary>The ids of all jobs the controller knows that are not finished.</summary>
    public async Task<IReadOnlyList<string>> ActiveJobsAsync(CancellationToken cancellationToken) =>
        (await RunLocalAsync("/usr/bin/squeue", ["-h", "-o", "%i"], cancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Cancels every job (leftovers of a failed test), then waits until the node is idle again.</summary>
    public async Task CancelAllAsync(CancellationToken cancellationToken)
    {
        await RunLocalAsync("/usr/bin/scancel", ["--user", Host.UserName], cancellationToken);
        while ((await ActiveJobsAsync(cancellationToken)).Count > 0)
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Runs one command line (already quoted) as the test user through OpenSSH, in a login shell (which reads ~/.profile).</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> SshLoginAsync(string commandLine, CancellationToken cancellationToken) =>
        await ProcessRunner.RunAsync(
            "/usr/bin/ssh",
            ["-F", Host.SshConfigPath, "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", Host.Alias, "--",
                ShellQuote.Join("sh", "-lc", commandLine)],
            cancellationToken);

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

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what, string logPath)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var exited = daemons.FirstOrDefault(d => d.HasExited);
            if (exited is null)
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

                await Task.Delay(100);
                continue;
            }

            break;
        }

        var log = File.Exists(logPath) ? await File.ReadAllTextAsync(logPath) : "(no log)";
        await DisposeAsync();
        throw new InvalidOperationException($"Slurm did not come up: waited for {what}.\n{logPath}:\n{log}");
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            _ = kill(process.Id, 15);
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
        profilePath = Path.Combine(Host.UserHome, ".profile");
        createdProfile = !File.Exists(profilePath);
        File.AppendAllText(profilePath, $"export SLURM_CONF={ShellQuote.Quote(ConfPath)} {ProfileMarker}\n");
        if (createdProfile && Environment.IsPrivilegedProcess)
        {
            ChownToUser(profilePath);
        }
    }

    private void ChownToUser(string path)
    {
        var psi = new ProcessStartInfo("/bin/chown") { ArgumentList = { Host.UserName + ":", path } };
        using var process = Process.Start(psi)!;
        process.WaitForExit();
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

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // DllImport keeps the test project free of unsafe code.
    private static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
