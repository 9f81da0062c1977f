using System.Globalization;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// Reads a server's log: its end, or its end and then every new line (the log never holds the token: it is passed by
/// environment). An id that names no server but a Slurm job's folder reads the job's <c>--output</c> file instead.
/// </summary>
public sealed class ServerLogReader
{
    // A container server's log is the engine's (Jupyter logs to stderr, which the engine keeps).
    private const string TailScript = """
        if [ ! -d "$dir" ] && [ -f "$job/jobid" ]; then
          printf '%s\n' "$job/job.log"
          [ -f "$job/job.log" ] || exit 0
          exec tail -n "$lines" "$job/job.log"
        fi
        [ -d "$dir" ] || { printf 'missing\n'; exit 3; }
        if [ -f "$dir/container" ]; then
          printf '%s logs %s\n' "$(cat "$dir/engine")" "$(cat "$dir/container")"
          exec "$(cat "$dir/engine")" logs --tail "$lines" "$(cat "$dir/container")" 2>&1
        fi
        [ -f "$log" ] || { printf 'missing\n'; exit 3; }
        printf '%s\n' "$log"
        tail -n "$lines" "$log"
        """;

    // GNU tail follows by inotify and stops when the server exits (--pid); elsewhere plain -f polls until cancelled.
    // A job's log is followed until squeue no longer shows the job alive: a watcher polls it and tail waits on the
    // watcher. Started before exec, the watcher sees tail as $$, so it also ends once a cancelled follow's tail is gone.
    // It is a grandchild (init reaps it): a child would stay a zombie under tail, and tail --pid takes zombies for alive.
    private const string FollowScript = """
        if [ ! -d "$dir" ] && [ -f "$job/jobid" ]; then
          printf '%s\n' "$job/job.log"
          jobid=$(cat "$job/jobid")
          if tail --pid="$$" -n 0 /dev/null >/dev/null 2>&1; then
            shell=$$
            watcher=$( (while kill -0 "$shell" 2>/dev/null; do
              case $(squeue -h -j "$jobid" -o %T 2>/dev/null) in
                PENDING|CONFIGURING|RUNNING|COMPLETING|SUSPENDED|REQUEUE*|RESIZING|SIGNALING|STAGE_OUT|STOPPED) sleep 1 ;;
                *) break ;;
              esac
            done) >/dev/null 2>&1 & echo $!)
            exec tail -n "$lines" -F -s 0.2 --pid="$watcher" "$job/job.log" 2>/dev/null
          fi
          exec tail -n "$lines" -F "$job/job.log" 2>/dev/null
        fi
        [ -d "$dir" ] || { printf 'missing\n'; exit 3; }
        if [ -f "$dir/container" ]; then
          printf '%s logs %s\n' "$(cat "$dir/engine")" "$(cat "$dir/container")"
          exec "$(cat "$dir/engine")" logs -f --tail "$lines" "$(cat "$dir/container")" 2>&1
        fi
        [ -f "$log" ] || { printf 'missing\n'; exit 3; }
        printf '%s\n' "$log"
        pid=$(cat "$dir/pid" 2>/dev/null)
        if [ -n "$pid" ] && tail --pid="$pid" -n 0 /dev/null >/dev/null 2>&1; then
          exec tail -n "$lines" -F -s 0.2 --pid="$pid" "$log"
        fi
        exec tail -n "$lines" -f "$log"
        """;

    /// <summary>The last <paramref name="lines"/> lines of server <paramref name="id"/>'s log.</summary>
    public async Task<(string Path, string Text)> TailAsync(RemoteShell shell, ServerLayout layout, string id, int lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(layout);
        var script = Variables(layout, id, lines) + TailScript;
        var result = await shell.RunScriptAsync("server-logs", script, cancellationToken);
        ThrowIfMissing(result, layout, id);
        var newline = result.Stdout.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? (string.Empty, result.Stdout) : (result.Stdout[..newline], result.Stdout[(newline + 1)..]);
    }

    /// <summary>
    /// Reports the last <paramref name="lines"/> lines and then each new line, as it is written, to
    /// <paramref name="onLine"/>, until cancelled or until the server (a Slurm job: the job) exits. Returns the log's path.
    /// </summary>
    public async Task<string> FollowAsync(
        RemoteShell shell, ServerLayout layout, string id, int lines, IProgress<string> onLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(onLine);
        string? path = null;
        var lineSink = new SynchronousProgress<string>(line =>
        {
            if (path is null)
            {
                path = line;
            }
            else
            {
                onLine.Report(line);
            }
        });
        var result = await shell.RunScriptAsync("follow-server-log", Variables(layout, id, lines) + FollowScript, lineSink, cancellationToken);
        ThrowIfMissing(result, layout, id);
        return path ?? string.Empty;
    }

    private static string Variables(ServerLayout layout, string id, int lines) =>
        $"dir={layout.QuotedServersDir}/{ShellQuote.Quote(id)}\nlog=\"$dir/server.log\"\njob={layout.QuotedJobsDir}/{ShellQuote.Quote(id)}\n" +
        $"lines={Math.Clamp(lines, 0, 100_000).ToString(CultureInfo.InvariantCulture)}\n";

    private static void ThrowIfMissing(RemoteResult result, ServerLayout layout, string id)
    {
        if (result.ExitCode == 3)
        {
            throw new RemoteJupyterException(ErrorCode.ServerNotFound, $"No server or Slurm job {id} on this host (looked in {layout.ServersDir} and {layout.JobsDir}).");
        }
    }
}
