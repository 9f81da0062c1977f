using Microsoft.Extensions.DependencyInjection;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Sidecar.Hosting;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary><c>list HOST</c> and <c>stop HOST ID</c>: the servers this user runs on a host.</summary>
internal static class ServerCommands
{
    public static async Task<int> ListAsync(string hostName, string? configFile, string? stateDir, bool acceptNew, LoggingOptions logging, CancellationToken cancellationToken)
    {
        using var host = SidecarHost.CreateBuilder(logging).Build();
        using var connection = await host.Services.GetRequiredService<ConnectionOpener>()
            .OpenAsync(hostName, configFile, new ConsolePrompts(acceptNew), null, cancellationToken);
        var servers = await host.Services.GetRequiredService<ServerLister>().ListAsync(connection.Shell, Layout(stateDir), cancellationToken);
        await Console.Out.WriteLineAsync("ID            PID     PORT   STATE    STARTED (UTC)         PYTHON");
        foreach (var s in servers)
        {
            await Console.Out.WriteLineAsync(
                $"{s.Id,-13} {s.Pid,-7} {s.Port,-6} {(s.Alive ? "running" : "gone"),-8} {s.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}   {s.Python}");
        }

        return CliErrors.Success;
    }

    public static async Task<int> StopAsync(string hostName, string serverId, string? configFile, string? stateDir, bool acceptNew, LoggingOptions logging, CancellationToken cancellationToken)
    {
        using var host = SidecarHost.CreateBuilder(logging).Build();
        using var connection = await host.Services.GetRequiredService<ConnectionOpener>()
            .OpenAsync(hostName, configFile, new ConsolePrompts(acceptNew), null, cancellationToken);
        var how = await host.Services.GetRequiredService<ServerStopper>().StopAsync(connection.Shell, Layout(stateDir), serverId, cancellationToken);
        await Console.Out.WriteLineAsync($"{serverId} {how}");
        return CliErrors.Success;
    }

    private static ServerLayout Layout(string? stateDir) => stateDir is null ? new ServerLayout() : new ServerLayout(stateDir);
}
