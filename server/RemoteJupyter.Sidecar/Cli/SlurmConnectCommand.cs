using Microsoft.Extensions.DependencyInjection;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Slurm;
using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary><c>connect HOST --slurm …</c>: submits a Jupyter job, follows the queue on stderr, prints the same ready line as a plain connect.</summary>
internal static class SlurmConnectCommand
{
    public static async Task<int> RunAsync(
        IServiceProvider services, SshConnection connection, ServerLayout layout, SlurmRequest request, ConnectOptions options, ProgressPrinter progress,
        CancellationToken cancellationToken)
    {
        var jobs = services.GetRequiredService<SlurmJobs>();
        using var server = await jobs.StartAsync(connection, layout, request, options.LocalPort, progress, cancellationToken);
        await Console.Out.WriteLineAsync(server.LocalUrl + (options.ShowToken ? "?token=" + server.Token.Value : string.Empty));
        await Console.Out.FlushAsync(cancellationToken);
        if (!options.Quiet)
        {
            var left = server.Status.TimeLeftSeconds is { } seconds ? $", {TimeSpan.FromSeconds(seconds)} of walltime left" : string.Empty;
            await Console.Error.WriteLineAsync(
                $"Slurm job {server.Status.JobId} (server {server.Id}) runs on {server.Endpoint.Node}{left}. Press Ctrl-C to close the tunnel" +
                (options.StopOnExit ? " and cancel the job." : "; the job keeps running (stop it with: remote-jupyter stop HOST " + server.Id + ")."));
        }

        await ConnectCommand.WaitForExitAsync(connection, options.Quiet, cancellationToken);
        server.Dispose();
        if (options.StopOnExit && connection.IsConnected)
        {
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var how = await jobs.StopAsync(connection.Shell, layout, server.Id, cleanup.Token);
            if (!options.Quiet)
            {
                await Console.Error.WriteLineAsync($"Slurm job {server.Status.JobId} stopped ({how ?? "already gone"}).");
            }
        }

        return connection.IsConnected ? CliErrors.Success : CliErrors.Failed;
    }
}
