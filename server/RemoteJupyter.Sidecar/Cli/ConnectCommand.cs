using Microsoft.Extensions.DependencyInjection;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.Sidecar.Hosting;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary>
/// <c>connect HOST</c>: prints one line, the local URL, once Jupyter answers through the tunnel; keeps
/// the tunnel (across reconnects) until Ctrl-C/SIGTERM or until the connection is given up; leaves the server running unless
/// <c>--stop-on-exit</c>.
/// </summary>
internal static class ConnectCommand
{
    public static async Task<int> RunAsync(ConnectOptions options, CancellationToken cancellationToken)
    {
        using var host = SidecarHost.CreateBuilder(options.Logging).Build();
        var services = host.Services;
        var progress = new ProgressPrinter(options.Quiet);
        using var connection = await services.GetRequiredService<ConnectionOpener>()
            .OpenAsync(options.Host, options.ConfigFile, new ConsolePrompts(options.AcceptNewHostKey), progress, cancellationToken);
        var layout = options.StateDir is null ? new ServerLayout() : new ServerLayout(options.StateDir);
        if (options.Slurm is { } slurm)
        {
            return await SlurmConnectCommand.RunAsync(services, connection, layout, slurm, options, progress, cancellationToken);
        }

        var start = new ServerStartOptions(
            new EnvironmentRequest(options.Venv, options.SystemSitePackages, options.Python, EnvironmentPath: options.Environment),
            layout,
            options.WorkingDirectory,
            options.RemotePort,
            options.LocalPort,
            Settings: options.Settings,
            Reuse: options.Reuse)
        {
            Container = options.Container,
        };
        using var started = await services.GetRequiredService<ServerStarter>().StartAsync(connection, start, progress, cancellationToken);

        var url = started.LocalUrl + (options.ShowToken ? "?token=" + started.Token.Value : string.Empty);
        await Console.Out.WriteLineAsync(url);
        await Console.Out.FlushAsync(cancellationToken);
        if (!options.Quiet)
        {
            foreach (var warning in started.Server.Warnings)
            {
                await Console.Error.WriteLineAsync("remote-jupyter: warning: " + warning);
            }

            await Console.Error.WriteLineAsync(
                (started.Reused ? $"Reattached to server {started.Server.Id}, already running" : $"Server {started.Server.Id} is running") +
                $" on {connection.DisplayName}. Press Ctrl-C to close the tunnel" +
                (options.StopOnExit ? " and stop the server." : "; the server keeps running (stop it with: remote-jupyter stop HOST " + started.Server.Id + ")."));
        }

        await WaitForExitAsync(connection, options.Quiet, cancellationToken);
        started.Dispose();
        if (options.StopOnExit && connection.IsConnected)
        {
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var how = await services.GetRequiredService<ServerStopper>().StopAsync(connection.Shell, layout, started.Server.Id, cleanup.Token);
            if (!options.Quiet)
            {
                await Console.Error.WriteLineAsync($"Server {started.Server.Id} stopped ({how}).");
            }
        }

        return connection.IsConnected ? CliErrors.Success : CliErrors.Failed;
    }

    /// <summary>Until Ctrl-C/SIGTERM or until the connection is given up; reconnects are reported on stderr as they happen.</summary>
    internal static async Task WaitForExitAsync(SshConnection connection, bool quiet, CancellationToken cancellationToken)
    {
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnStateChanged(object? sender, ConnectionStateChanged change)
        {
            if (!quiet || change.State == ConnectionState.Lost)
            {
                Console.Error.WriteLine("remote-jupyter: " + change.Message);
            }

            if (change.State == ConnectionState.Lost)
            {
                lost.TrySetResult();
            }
        }

        connection.StateChanged += OnStateChanged;
        try
        {
            if (connection.State != ConnectionState.Lost)
            {
                await lost.Task.WaitAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or SIGTERM: the normal way to end.
        }
        finally
        {
            connection.StateChanged -= OnStateChanged;
        }
    }
}
