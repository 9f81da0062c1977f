using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.Sidecar.Demo;
using RemoteJupyter.Sidecar.Hosting;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary>
/// Hidden verb <c>test-host</c>: the demo's throwaway sshd for test suites written in other languages
/// (the extension's TS tests, the code-server end-to-end test). Prints one JSON line describing the
/// host, then runs until stdin closes or SIGTERM, and removes everything. <c>--slurm</c> (root) adds a one-node Slurm cluster
/// whose jobs run as the login user.
/// </summary>
internal static class TestHostCommand
{
    public static async Task<int> RunAsync(string? loginUser, bool unknownHostKey, bool slurm, LoggingOptions logging, CancellationToken cancellationToken)
    {
        using var host = SidecarHost.CreateBuilder(logging).Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TestHost");
        await using var sshHost = await ThrowawaySshHost.StartAsync(new ThrowawaySshHostOptions { LoginUser = loginUser, Alias = "rj-test" }, logger, cancellationToken);

        // The cluster's ~/.profile line is the login user's: start it after the host, stop it before.
        await using var cluster = slurm ? await ThrowawaySlurmCluster.StartAsync(sshHost.UserName, sshHost.UserHome, cancellationToken) : null;
        var configPath = sshHost.SshConfigPath;
        if (unknownHostKey)
        {
            // Same host, but a known_hosts that does not know it yet and StrictHostKeyChecking ask: clients must ask the person.
            configPath = Path.Combine(sshHost.TempDir, "ssh_config_unknown");
            var lines = (await File.ReadAllLinesAsync(sshHost.SshConfigPath, cancellationToken))
                .Select(l => l.TrimStart() switch
                {
                    var t when t.StartsWith("UserKnownHostsFile", StringComparison.OrdinalIgnoreCase) =>
                        "  UserKnownHostsFile " + Path.Combine(sshHost.TempDir, "known_hosts_empty"),
                    var t when t.StartsWith("StrictHostKeyChecking", StringComparison.OrdinalIgnoreCase) => "  StrictHostKeyChecking ask",
                    _ => l,
                });
            await File.WriteAllLinesAsync(configPath, lines, cancellationToken);
        }

        var hostKeyBlob = Convert.FromBase64String(sshHost.HostPublicKeyLine.Split(' ')[1]);
        await Console.Out.WriteLineAsync(JsonSerializer.Serialize(
            new TestHostInfo(
                sshHost.Alias, configPath, sshHost.KnownHostsPath, sshHost.Port, sshHost.UserName, sshHost.UserHome, sshHost.TempDir,
                HostKeyFingerprint.Sha256(hostKeyBlob),
                cluster is null ? null : new TestSlurmInfo(cluster.ConfPath, ThrowawaySlurmCluster.NodeName, ThrowawaySlurmCluster.Partition)),
            TestHostJsonContext.Default.TestHostInfo));
        await Console.Out.FlushAsync(cancellationToken);

        try
        {
            // Ends on EOF (the test closed our stdin or died) or on cancellation (SIGTERM/Ctrl-C).
            await Console.In.ReadToEndAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Normal end.
        }

        return CliErrors.Success;
    }
}

/// <summary>What <c>test-host</c> prints: where the throwaway host is and how to reach it.</summary>
internal sealed record TestHostInfo(
    string Alias, string SshConfigPath, string KnownHostsPath, int Port, string UserName, string UserHome, string TempDir, string HostKeyFingerprint,
    TestSlurmInfo? Slurm = null);

/// <summary>The throwaway Slurm cluster of <c>test-host --slurm</c>: its configuration, node and partition.</summary>
internal sealed record TestSlurmInfo(string ConfPath, string NodeName, string Partition);
