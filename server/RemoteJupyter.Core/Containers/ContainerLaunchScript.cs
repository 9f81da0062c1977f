using System.Globalization;
using System.Text;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Containers;

/// <summary>
/// The stdin script that starts Jupyter in a container and waits for it, in one round trip. It keeps the same state
/// record as a plain server under <c>~/.remote-jupyter/servers/ID</c> (state.json, pid, key, python for the host-side
/// probes, plus <c>container</c> and <c>engine</c>), with that folder mounted into the container at the same path: the
/// runtime file Jupyter writes there is what reattach reads the token back from. The token is exported here and handed
/// on by <c>-e JUPYTER_TOKEN</c>, so it is in no argv.
/// </summary>
internal static class ContainerLaunchScript
{
    private const string Body = """
        dir="$servers/$id"
        started=
        release() { [ -z "$lock" ] || rm -rf "$lock"; }
        remove() { [ -z "$started" ] || "$engine" rm -f "$name" >/dev/null 2>&1; rm -rf "$dir"; release; }
        give_up() { remove; r=$1; shift; printf 'fail\t%s\t%s\n' "$r" "$*"; exit 0; }
        mkdir -p "$servers" && chmod 700 "$servers" "$servers/.." || { release; printf 'fail\tstate-dir\n'; exit 0; }
        mkdir "$dir" || { release; printf 'fail\tstate-dir\n'; exit 0; }
        mkdir "$dir/runtime" "$dir/home" || give_up state-dir
        # Cancelled (SIGTERM to our group): take back whatever was started.
        trap 'remove; exit 143' TERM HUP INT
        [ -z "$lock" ] || [ ! -f "$lock/key" ] || cp "$lock/key" "$dir/key"
        hpy=$(command -v python3 2>/dev/null) || give_up host-python
        printf '%s' "$hpy" >"$dir/python"
        printf '%s' "$name" >"$dir/container"
        printf '%s' "$engine" >"$dir/engine"
        cd "$workdir" 2>/dev/null || give_up workdir "$workdir"
        workdir=$(pwd -P)
        uid=$(id -u) gid=$(id -g)
        [ -n "$port" ] || port=$("$hpy" -c "$CHOOSE_PORT")
        RUN_WORDS
        [ "$uid" = 0 ] && set -- "$@" --allow-root
        started=1
        "$@" >"$dir/run.out" 2>&1 </dev/null || give_up run "$(grep -v 'level=warning' "$dir/run.out" | tail -c 600)"
        # What the engine said it ignored (resource limits on a rootless cgroup v1 host, for one) is worth knowing.
        grep -i 'ignored\|not supported' "$dir/run.out" | head -n 3 | sed 's/^/warn\t/'
        pid=$("$engine" inspect --format '{{.State.Pid}}' "$name" 2>/dev/null)
        printf '%s\n' "${pid:-0}" >"$dir/pid"
        state=$("$hpy" -c "$WRITE_STATE" "$dir/state.json" "$id" "${pid:-0}" "$port" python3 '' "$workdir" "$version" "$engine logs $name" detached "$memory_limit" '' "$name" "$engine" "$image")
        printf 'state\t%s\n' "$state"
        result=$("$hpy" -c "$WAIT_READY" "$port" "${pid:-0}" "$timeout")
        trap - TERM HUP INT
        printf 'result\t%s\n' "$result"
        if [ "$result" != ready ]; then
          printf 'exit\t%s\n' "$("$engine" inspect --format '{{.State.ExitCode}}' "$name" 2>/dev/null)"
          printf 'log\n'
          "$engine" logs --tail 40 "$name" 2>&1 | sed 's/^/| /'
          remove
        fi
        release
        """;

    public static string Build(
        ServerLayout layout, string id, JupyterToken token, ContainerEngine engine, string image, ContainerRequest request, LaunchRequest launch, string productVersion)
    {
        var settings = launch.Settings ?? new ServerSettings();
        var timeout = (launch.StartTimeout ?? TimeSpan.FromSeconds(60)).TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        var s = new StringBuilder();
        s.AppendLine("umask 077");
        s.Append("servers=").AppendLine(layout.QuotedServersDir);
        s.Append("id=").AppendLine(ShellQuote.Quote(id));
        s.Append("name=").AppendLine(ShellQuote.Quote(ContainerName(id)));
        s.Append("engine=").AppendLine(ShellQuote.Quote(engine.Command));
        s.Append("image=").AppendLine(ShellQuote.Quote(image));
        s.Append("workdir=").AppendLine(launch.WorkingDirectory is null ? "\"$HOME\"" : ShellQuote.QuotePath(launch.WorkingDirectory));
        s.Append("port=").AppendLine(launch.RemotePort?.ToString(CultureInfo.InvariantCulture) ?? "''");
        s.Append("version=").AppendLine(ShellQuote.Quote(productVersion));
        s.Append("timeout=").AppendLine(timeout);
        s.Append("memory_limit=").AppendLine(settings.MemoryLimitMb is null ? "''" : "container");
        s.Append("lock=").AppendLine(launch.LockPath is null ? "''" : ShellQuote.Quote(launch.LockPath));
        s.Append("export JUPYTER_TOKEN=").AppendLine(ShellQuote.Quote(token.Value));
        s.Append("CHOOSE_PORT=").AppendLine(ShellQuote.Quote(LaunchScript.ChoosePort));
        s.Append("WRITE_STATE=").AppendLine(ShellQuote.Quote(LaunchScript.WriteState));
        s.Append("WAIT_READY=").AppendLine(ShellQuote.Quote(LaunchScript.WaitReady));
        s.AppendLine(Body.Replace("RUN_WORDS", "set -- " + string.Join(' ', ContainerCommandLine.Run(engine, image, request, settings)), StringComparison.Ordinal));
        return s.ToString();
    }

    /// <summary>The container's name for server <paramref name="id"/>.</summary>
    public static string ContainerName(string id) => "remote-jupyter-" + id;
}
