using RemoteJupyter.Core.Remote;
using RemoteJupyter.Sidecar.Demo;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>
/// The throwaway one-node Slurm cluster (see <see cref="ThrowawaySlurmCluster"/>) for the "sshd" collection's host, with
/// the clients tests use on it. Without root or without the packages, every test of the class fails with the reason.
/// </summary>
public sealed class SlurmFixture(SshdFixture sshd, IMessageSink diagnostics) : IAsyncLifetime
{
    /// <summary>The one node's name; its address is 127.0.0.1.</summary>
    public const string NodeName = ThrowawaySlurmCluster.NodeName;

    /// <summary>The one partition (default, no time limit).</summary>
    public const string Partition = ThrowawaySlurmCluster.Partition;

    private ThrowawaySlurmCluster? cluster;

    public ThrowawaySshHost Host => sshd.Host;

    /// <summary>The slurm.conf every client must find (exported as SLURM_CONF).</summary>
    public string ConfPath => Cluster.ConfPath;

    /// <summary>How long the cluster took to reach idle.</summary>
    public TimeSpan StartDuration => Cluster.StartDuration;

    private ThrowawaySlurmCluster Cluster => cluster ?? throw new InvalidOperationException("The Slurm fixture has not started.");

    public async Task InitializeAsync()
    {
        cluster = await ThrowawaySlurmCluster.StartAsync(Host.UserName, Host.UserHome, CancellationToken.None);
        diagnostics.OnMessage(new DiagnosticMessage($"{nameof(SlurmFixture)}: idle after {cluster.StartDuration.TotalSeconds:F1} s in {cluster.TempDir}"));
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }

    /// <summary>Runs a Slurm client (squeue, scancel, sbatch, …) here as root against the cluster.</summary>
    public Task<string> RunLocalAsync(string file, IReadOnlyList<string> arguments) => Cluster.RunClientAsync(file, arguments, CancellationToken.None);

    /// <summary>Runs a Slurm client (squeue, scancel, sbatch, …) here as root against the cluster.</summary>
    public Task<string> RunLocalAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        Cluster.RunClientAsync(file, arguments, cancellationToken);

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
}
