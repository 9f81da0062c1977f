using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.Sidecar.Demo;
using RemoteJupyter.Sidecar.Hosting;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary>
/// <c>demo</c>: the whole product path against a throwaway local sshd: real SSH, a new venv, Jupyter,
/// the tunnel, and one cell executed over the kernel websocket. Everything it made is removed at the
/// end, on failure and on Ctrl-C too.
/// </summary>
internal static class DemoCommand
{
    public static async Task<int> RunAsync(LoggingOptions logging, CancellationToken cancellationToken)
    {
        using var host = SidecarHost.CreateBuilder(logging).Build();
        var services = host.Services;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Demo");
        var progress = new ProgressPrinter(quiet: false);

        await Console.Error.WriteLineAsync("Starting a throwaway SSH host on 127.0.0.1…");
        await using var sshHost = await ThrowawaySshHost.StartAsync(new ThrowawaySshHostOptions(), logger, cancellationToken);
        await Console.Error.WriteLineAsync($"  ✓ sshd (pid {sshHost.SshdPid}) on port {sshHost.Port}, user {sshHost.UserName}, temp dir {sshHost.TempDir}");

        var layout = new ServerLayout(Path.Combine(sshHost.TempDir, "state"));
        SshConnection? connection = null;
        StartedServer? started = null;
        try
        {
            connection = await services.GetRequiredService<ConnectionOpener>()
                .OpenAsync(sshHost.Alias, sshHost.SshConfigPath, new ConsolePrompts(acceptNewHostKeys: false), progress, cancellationToken);
            var options = new ServerStartOptions(
                new EnvironmentRequest(Path.Combine(sshHost.TempDir, "venv"), SystemSitePackages: true),
                layout,
                WorkingDirectory: sshHost.TempDir,
                Throwaway: true);
            started = await services.GetRequiredService<ServerStarter>().StartAsync(connection, options, progress, cancellationToken);
            await Console.Out.WriteLineAsync(started.LocalUrl.ToString());

            await Console.Error.WriteLineAsync("  … Starting a kernel through the tunnel and running print(6*7)…");
            using var client = new JupyterApiClient(started.LocalUrl, started.Token.Value);
            var kernelId = await client.StartKernelAsync(null, cancellationToken);
            try
            {
                var execution = await client.ExecuteAsync(kernelId, "print(6*7)", cancellationToken);
                if (execution.Status != "ok")
                {
                    await Console.Error.WriteLineAsync($"remote-jupyter: the cell failed: {execution.ErrorName}: {execution.ErrorValue}");
                    return CliErrors.Failed;
                }

                await Console.Out.WriteAsync(execution.Stdout);
            }
            finally
            {
                using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await client.ShutdownKernelAsync(kernelId, cleanup.Token);
            }

            return CliErrors.Success;
        }
        finally
        {
            await Console.Error.WriteLineAsync("Cleaning up…");
            started?.Dispose();
            if (started is not null && connection is { IsConnected: true })
            {
                using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await services.GetRequiredService<ServerStopper>().TryStopByIdAsync(connection.Shell, layout, started.Server.Id, cleanup.Token);
            }

            connection?.Dispose();
        }
    }
}
