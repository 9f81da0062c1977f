using Microsoft.Extensions.DependencyInjection;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Slurm;
using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary>
/// <c>connect HOST --slurm …</c>: reattaches to a running Jupyter job of ours on HOST (unless <c>--new-job</c>), else submits one and
/// follows the queue on stderr; prints the same ready line as a plain connect.
/// </summary>
internal static class SlurmConnectCommand
{
    public static async Task<int> RunAsync(
        IServiceProvider services, SshConnection connection, ServerLayout layout, SlurmRequest request, ConnectOptions options, ProgressPrinter progress,
        CancellationToken cancellationToken)
    {
        var jobs = services.GetRequiredService<SlurmJobs>();
        var prompts = new ConsolePrompts(options.AcceptNewHostKey);
        var running = options.Reuse
            ? (await SlurmJobs.ListAsync(connection.Shell, layout, cancellationToken)).FirstOrDefault(j => j.Status.IsRunning && j.Endpoint is not null)
            : null;
        using var server = running is null
            ? await jobs.StartAsync(connection, layout, request, options.LocalPort, prompts, progress, cancellationToken)
            : await jobs.AttachAsync(connection, layout, running.Id, options.LocalPort, token: null, prompts, cancellationToken);
        await Console.Out.WriteLineAsync(server.LocalUrl + (options.ShowToken ? "?token=" + server.Token.Value : string.Empty));
        await Console.Out.FlushAsync(cancellationToken);
        if (!options.Quiet)
        {
            var left = server.Status.TimeLeftSeconds is { } seconds ? $", {TimeSpan.FromSeconds(seconds)} of walltime left" : string.Empty;
            await Console.Error.WriteLineAsync(
                (server.Reattached ? $"Reattached to Slurm job {server.Status.JobId}" : $"Slurm job {server.Status.JobId}") +
                $" (server {server.Id}) runs on {server.Endpoint.Node}{left}, reached by {server.Access}. Press Ctrl-C to close the tunnel" +
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
