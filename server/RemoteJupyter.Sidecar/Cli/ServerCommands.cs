using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Slurm;
using RemoteJupyter.Sidecar.Rpc;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary><c>servers HOST</c>, <c>stop HOST ID</c> and <c>logs HOST ID [-f]</c>: the servers this user runs on a host.</summary>
internal static class ServerCommands
{

    public static Task<int> ListAsync(HostTarget target, string? stateDir, bool json, CancellationToken cancellationToken) =>
        target.RunAsync(async (services, connection) =>
        {
            var servers = await services.GetRequiredService<ServerLister>().ListAsync(connection.Shell, Layout(stateDir), cancellationToken);
            if (json)
            {
                // The same shape as servers/list, so scripts and the extension read one format.
                var listedAt = DateTimeOffset.UtcNow;
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(servers.Select(s => ServerInfo.From(s, listedAt, null)).ToList(), CliJsonContext.Default.ListServerInfo));
                return CliErrors.Success;
            }

            if (servers.Count == 0)
            {
                await Console.Error.WriteLineAsync($"No servers of yours on {connection.DisplayName}.");
                return CliErrors.Success;
            }

            await Console.Out.WriteLineAsync("ID            PID      PORT   UPTIME     KERNELS  MEMORY    HOW       PYTHON");
            var now = DateTimeOffset.UtcNow;
            foreach (var s in servers)
            {
                var kernels = s.Health is { Responding: true, Kernels: { } k } ? k.ToString(CultureInfo.InvariantCulture) : "?";
                var memory = s.Health?.RssBytes is { } rss ? $"{rss / (1024.0 * 1024.0):0} MiB" : "?";
                var how = s.Container is null ? s.Persistence ?? "detached" : s.Engine ?? "container";
                var what = s.Container is null ? s.Python : $"{s.Image} (container {s.Container})";
                await Console.Out.WriteLineAsync(
                    $"{s.Id,-13} {s.Pid,-8} {s.Port,-6} {ServerUptime.Format(ServerUptime.Since(s.StartedAt, now)),-10} {kernels,-8} {memory,-9} {how,-9} {what}");
                if (!s.Alive && s.ExitCode is { } code)
                {
                    await Console.Out.WriteLineAsync($"{string.Empty,-13} exited with code {code}; last log lines (remove it with: remote-jupyter stop HOST {s.Id}):");
                    foreach (var line in s.LastLogLines ?? [])
                    {
                        await Console.Out.WriteLineAsync($"{string.Empty,-13} | {line}");
                    }
                }
            }

            return CliErrors.Success;
        }, cancellationToken);

    public static Task<int> StopAsync(HostTarget target, string serverId, string? stateDir, CancellationToken cancellationToken) =>
        target.RunAsync(async (services, connection) =>
        {
            string how;
            try
            {
                how = await services.GetRequiredService<ServerStopper>().StopAsync(connection.Shell, Layout(stateDir), serverId, cancellationToken);
            }
            catch (RemoteJupyterException ex) when (ex.Code == ErrorCode.ServerNotFound)
            {
                // Not a plain server: a Slurm job of ours by that id is cancelled; else the error stands.
                var stopped = await services.GetRequiredService<SlurmJobs>().StopAsync(connection.Shell, Layout(stateDir), serverId, cancellationToken);
                if (stopped is null)
                {
                    throw;
                }

                how = stopped;
            }

            await Console.Out.WriteLineAsync($"{serverId} {how}");
            return CliErrors.Success;
        }, cancellationToken);

    public static Task<int> LogsAsync(HostTarget target, string serverId, int lines, bool follow, string? stateDir, CancellationToken cancellationToken) =>
        target.RunAsync(async (services, connection) =>
        {
            var reader = services.GetRequiredService<ServerLogReader>();
            if (!follow)
            {
                var (_, text) = await reader.TailAsync(connection.Shell, Layout(stateDir), serverId, lines, cancellationToken);
                await Console.Out.WriteAsync(text);
                return CliErrors.Success;
            }

            try
            {
                // Each line is flushed as it comes: logs -f is read by people and by pipes alike.
                await reader.FollowAsync(connection.Shell, Layout(stateDir), serverId, lines, new SynchronousProgress<string>(line =>
                {
                    Console.Out.WriteLine(line);
                    Console.Out.Flush();
                }), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C ends a follow; that is success.
            }

            return CliErrors.Success;
        }, cancellationToken);

    private static ServerLayout Layout(string? stateDir) => stateDir is null ? new ServerLayout() : new ServerLayout(stateDir);
}
