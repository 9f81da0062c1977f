using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Slurm;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary><c>jobs HOST</c>: the Jupyter jobs this user submitted on a Slurm host, with partition and walltime left (of the limit).</summary>
internal static class SlurmCommands
{
    public static Task<int> JobsAsync(HostTarget target, string? stateDir, CancellationToken cancellationToken) =>
        target.RunAsync(async (_, connection) =>
        {
            var layout = stateDir is null ? new ServerLayout() : new ServerLayout(stateDir);
            var jobs = await SlurmJobs.ListAsync(connection.Shell, layout, cancellationToken);
            if (jobs.Count == 0)
            {
                await Console.Error.WriteLineAsync($"No Jupyter jobs of yours on {connection.DisplayName}.");
                return CliErrors.Success;
            }

            await Console.Out.WriteLineAsync("ID            JOB      PARTITION    STATE        REASON/NODE          TIME LEFT");
            foreach (var job in jobs)
            {
                var status = job.Status;
                var where = status.IsRunning ? status.Node ?? "?" : status.Reason ?? string.Empty;
                var left = status.TimeLeftSeconds is { } seconds ? TimeSpan.FromSeconds(seconds).ToString() : status.IsRunning ? "unlimited" : string.Empty;
                var limit = status.TimeLimitSeconds is { } total && status.HasEnded is false ? " of " + TimeSpan.FromSeconds(total) : string.Empty;
                await Console.Out.WriteLineAsync($"{job.Id,-13} {status.JobId,-8} {status.Partition ?? "?",-12} {status.State,-12} {where,-20} {left}{limit}");
            }

            return CliErrors.Success;
        }, cancellationToken);
}
