using System.Text;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Slurm;

/// <summary>Listing and stopping the product's jobs on a host.</summary>
public sealed partial class SlurmJobs
{
    /// <summary>Every job folder under <c>~/.remote-jupyter/jobs/</c> with Slurm's view of it, in one round trip.</summary>
    public static string ListScript(ServerLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var s = new StringBuilder();
        s.Append("jobs=").AppendLine(layout.QuotedJobsDir);
        s.AppendLine("[ -d \"$jobs\" ] || exit 0");
        s.Append("q=$(squeue -h -u \"$(id -un)\" -o ").Append(ShellQuote.Quote(SlurmJobStatusParser.Format)).AppendLine(" 2>/dev/null)");
        s.AppendLine("for d in \"$jobs\"/*/; do");
        s.AppendLine("  [ -r \"$d/jobid\" ] || continue");
        s.AppendLine("  id=$(basename \"$d\"); j=$(cat \"$d/jobid\")");
        s.AppendLine("  line=$(printf '%s\\n' \"$q\" | grep \"^$j|\")");
        s.AppendLine("  if [ -z \"$line\" ]; then");
        s.AppendLine("    st=$(scontrol show job \"$j\" -o 2>/dev/null | sed -n 's/.*JobState=\\([^ ]*\\) Reason=\\([^ ]*\\).*/\\1|\\2/p')");
        s.AppendLine("    line=\"$j|${st:-UNKNOWN|None}||\"");
        s.AppendLine("  fi");
        s.AppendLine("  printf 'job=%s %s\\n' \"$id\" \"$line\"");
        s.AppendLine("  [ -r \"$d/endpoint\" ] && printf 'endpoint=%s %s\\n' \"$id\" \"$(cat \"$d/endpoint\")\"");
        s.AppendLine("done");
        return s.ToString();
    }

    /// <summary>Reads what <see cref="ListScript"/> printed.</summary>
    public static IReadOnlyList<SlurmJob> ParseList(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var statuses = new List<(string Id, SlurmJobStatus Status)>();
        var endpoints = new Dictionary<string, SlurmEndpoint>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.TrimEntries))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                continue;
            }

            if (line.StartsWith("job=", StringComparison.Ordinal))
            {
                if (SlurmJobStatusParser.ParseQueue(line[(space + 1)..]) is [var status, ..])
                {
                    statuses.Add((line["job=".Length..space], status));
                }
            }
            else if (line.StartsWith("endpoint=", StringComparison.Ordinal) && SlurmEndpoint.Parse(line[(space + 1)..]) is { } endpoint)
            {
                endpoints[line["endpoint=".Length..space]] = endpoint;
            }
        }

        return statuses.Select(s => new SlurmJob(s.Id, s.Status, endpoints.GetValueOrDefault(s.Id) ?? SlurmEndpoint.ParseComment(s.Status.Comment))).ToList();
    }

    /// <summary>The product's jobs on the host, running, queued or ended (until stopped).</summary>
    public static async Task<IReadOnlyList<SlurmJob>> ListAsync(RemoteShell shell, ServerLayout layout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        var result = await shell.RunScriptAsync("list-slurm-jobs", ListScript(layout), cancellationToken);
        return ParseList(result.Stdout);
    }

    /// <summary>
    /// Stops job <paramref name="id"/>: asks Jupyter to shut down (from the login node, when it can reach the endpoint,
    /// with the token from Jupyter's 0600 runtime file), then <c>scancel</c> (Slurm's SIGTERM also shuts Jupyter down),
    /// waits until Slurm no longer lists the job (its processes are gone), then removes its folder. Returns
    /// <c>shut-down</c> or <c>cancelled</c>; null when there was no such job.
    /// </summary>
    public async Task<string?> StopAsync(RemoteShell shell, ServerLayout layout, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        if (!IsId(id))
        {
            return null;
        }

        var result = await shell.RunScriptAsync("stop-slurm-job", StopScript(layout, id, jobId: null), cancellationToken);
        var how = result.Stdout.Contains("rj-missing", StringComparison.Ordinal) ? null
            : result.Stdout.Contains("rj-asked", StringComparison.Ordinal) ? "shut-down" : "cancelled";
        LogStopped(logger, id, how ?? "not found");
        return how;
    }

    private async Task CancelAndForgetAsync(RemoteShell shell, ServerLayout layout, string id, string jobId, CancellationToken cancellationToken)
    {
        try
        {
            await shell.RunScriptAsync("cancel-slurm-job", StopScript(layout, id, jobId), cancellationToken);
            LogStopped(logger, id, "cancelled");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            LogCancelFailed(logger, jobId, ex.Message);
        }
    }

    /// <summary>POST /api/shutdown with the token from the runtime file named in argv[1] (the token itself is in no argv).</summary>
    private const string ShutdownPython = """
        import json, sys, urllib.request
        token = json.load(open(sys.argv[1]))["token"]
        request = urllib.request.Request("http://%s:%s/api/shutdown" % (sys.argv[2], sys.argv[3]), data=b"", method="POST",
                                         headers={"Authorization": "token " + token})
        urllib.request.urlopen(request, timeout=5)
        """;

    /// <summary>Ids are the product's: lowercase hex, so a typed id can never name another folder.</summary>
    private static bool IsId(string id) => id.Length is > 0 and <= 32 && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    private static string StopScript(ServerLayout layout, string id, string? jobId)
    {
        var s = new StringBuilder();
        s.Append("dir=").AppendLine(SlurmJobScript.QuotedDir(layout, id));
        if (jobId is null)
        {
            s.AppendLine("j=$(cat \"$dir/jobid\" 2>/dev/null) || { echo rj-missing; exit 0; }");
        }
        else
        {
            s.Append("j=").AppendLine(ShellQuote.Quote(jobId));
        }

        s.Append("shutdown=").AppendLine(ShellQuote.Quote(ShutdownPython));
        s.AppendLine("if [ -r \"$dir/endpoint\" ] && read -r node addr port mode host nodeaddr < \"$dir/endpoint\" && { [ \"$mode\" != loopback ] || [ \"$host\" = \"$(hostname)\" ]; }; then");
        s.AppendLine("  for f in \"$dir\"/runtime/jpserver-*.json; do");
        s.AppendLine("    [ -r \"$f\" ] && python3 -c \"$shutdown\" \"$f\" \"$addr\" \"$port\" >/dev/null 2>&1 && asked=yes");
        s.AppendLine("  done");
        s.AppendLine("  if [ \"$asked\" = yes ]; then");
        s.AppendLine("    echo rj-asked");
        s.AppendLine("    i=0; while [ $i -lt 50 ] && squeue -h -j \"$j\" -o %T 2>/dev/null | grep -q RUNNING; do sleep 0.1; i=$((i+1)); done");
        s.AppendLine("  fi");
        s.AppendLine("fi");
        s.AppendLine("scancel \"$j\" 2>/dev/null");
        s.AppendLine("i=0; while [ $i -lt 100 ] && squeue -h -j \"$j\" -o %T 2>/dev/null | grep -q .; do sleep 0.2; i=$((i+1)); done");
        s.AppendLine("rm -rf \"$dir\"");
        return s.ToString();
    }

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "Stopped Jupyter job {Id}: {How}")]
    private static partial void LogStopped(ILogger logger, string id, string how);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, Message = "Could not scancel Slurm job {JobId}: {Reason}")]
    private static partial void LogCancelFailed(ILogger logger, string jobId, string reason);
}
