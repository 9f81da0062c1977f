using System.Globalization;
using System.Text;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// The stdin script that starts a detached jupyter_server and waits for it, in one round trip.
/// The token is exported inside the script, so it is never in any process's argv; the server is
/// started with <c>setsid nohup</c> and every fd redirected so the exec channel can close.
/// </summary>
internal static class LaunchScript
{
    internal const string ChoosePort = """
        import socket
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])
        s.close()
        """;

    // Writes state.json atomically (tmp + rename) with 0600, from argv: nothing secret is in it. A container server
    // adds its container's name, engine and image (argv 13-15).
    internal const string WriteState = """
        import json, os, sys, datetime
        path, sid, pid, port, python, env, workdir, version, log, persistence, memory_limit, tmux = sys.argv[1:13]
        state = {"id": sid, "pid": int(pid), "port": int(port), "python": python, "environmentPath": env or None,
                 "workingDirectory": os.path.abspath(workdir), "startedAt": datetime.datetime.now(datetime.timezone.utc).isoformat(),
                 "version": version, "logPath": log, "persistence": persistence, "memoryLimit": memory_limit or None,
                 "tmuxSession": tmux or None}
        if len(sys.argv) > 15:
            state.update(container=sys.argv[13], engine=sys.argv[14], image=sys.argv[15])
        fd = os.open(path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(state, f)
        os.replace(path + ".tmp", path)
        print(json.dumps(state))
        """;

    // Polls /api/status with the token from the environment while watching the pid, so a server
    // that dies (port taken, bad config) is reported at once instead of after the timeout.
    internal const string WaitReady = """
        import os, sys, time, urllib.request
        port, pid, timeout = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
        req = urllib.request.Request("http://127.0.0.1:%d/api/status" % port,
                                     headers={"Authorization": "token " + os.environ["JUPYTER_TOKEN"]})
        def dead():
            # Our parent sh is blocked in $(...) and cannot reap the server: a zombie counts as dead.
            try:
                with open("/proc/%d/stat" % pid) as f:
                    return f.read().rsplit(")", 1)[1].split()[0] == "Z"
            except FileNotFoundError:
                return True
            except OSError:
                try:
                    os.kill(pid, 0)
                    return False
                except ProcessLookupError:
                    return True
                except PermissionError:
                    return False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if dead():
                print("exited"); sys.exit(0)
            try:
                with urllib.request.urlopen(req, timeout=2) as r:
                    if r.status == 200:
                        print("ready"); sys.exit(0)
            except Exception:
                pass
            time.sleep(0.02)
        print("timeout")
        """;

    // Distributions ship /usr/share/jupyter/kernels/python3 pointing at the system Python, and it beats
    // the server's own interpreter. A per-server JUPYTER_PATH (searched first) holds a python3 kernel
    // that runs exactly the chosen environment.
    private const string WriteKernelSpec = """
        import json, os, sys
        path, python, display = sys.argv[1:4]
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        spec = {"argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": display, "language": "python", "metadata": {"debugger": True}}
        with open(path, "w") as f:
            json.dump(spec, f)
        """;

    // The tmux pane's command: the token arrives through a 0600 fifo (never argv, never the tmux server's
    // environment, which later panes would inherit), then the pane becomes the server.
    private const string TmuxPane = """
        fifo=$1 mem=$2; shift 2
        IFS= read -r JUPYTER_TOKEN <"$fifo" || exit 98
        rm -f "$fifo"
        export JUPYTER_TOKEN
        if [ -n "$mem" ]; then ulimit -v "$mem" || exit 97; fi
        exec "$@"
        """;

    private const string Body = """
        dir="$servers/$id"
        release() { [ -z "$lock" ] || rm -rf "$lock"; }
        give_up() { rm -rf "$dir"; release; r=$1; shift; printf 'fail\t%s\t%s\n' "$r" "$*"; exit 0; }
        q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
        mkdir -p "$servers" && chmod 700 "$servers" "$servers/.." || { release; printf 'fail\tstate-dir\n'; exit 0; }
        mkdir "$dir" || { release; printf 'fail\tstate-dir\n'; exit 0; }
        pid= tmux_session= writer=
        # Cancelled (SIGTERM to our group): take back whatever was started.
        trap '[ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null; [ -z "$tmux_session" ] || tmux kill-session -t "$tmux_session" 2>/dev/null; rm -rf "$dir"; release; exit 143' TERM HUP INT
        [ -z "$lock" ] || [ ! -f "$lock/key" ] || cp "$lock/key" "$dir/key"
        printf '%s' "$py" >"$dir/python"
        export JUPYTER_RUNTIME_DIR="$dir/runtime"
        export JUPYTER_PATH="$dir/jupyter"
        "$py" -c "$WRITE_KERNEL" "$dir/jupyter/kernels/python3/kernel.json" "$kernel_py" "$display" || give_up kernelspec
        cd "$workdir" 2>/dev/null || give_up workdir "$workdir"
        [ -n "$port" ] || port=$("$py" -c "$CHOOSE_PORT")
        set -- "$py" -m "$module" --ServerApp.ip=127.0.0.1 --ServerApp.port="$port" --ServerApp.port_retries=0 \
          --ServerApp.open_browser=False --ServerApp.no_browser_open_file=True --ServerApp.root_dir="$workdir"
        [ "$(id -u)" = 0 ] && set -- "$@" --allow-root
        # extra_args holds already-quoted words: eval turns them back into exactly those words.
        eval "set -- \"\$@\" $extra_args"
        [ -z "$nice_level" ] || set -- nice -n "$nice_level" "$@"

        # Hosts whose logind kills a user's processes at logout would take a plain nohup server down with this SSH
        # session; a user systemd scope survives (for good once lingering is on). The same scope caps memory.
        kill_user=no
        if command -v busctl >/dev/null 2>&1; then
          case $(busctl get-property org.freedesktop.login1 /org/freedesktop/login1 org.freedesktop.login1.Manager KillUserProcesses 2>/dev/null) in
            "b true") kill_user=yes ;;
          esac
        fi
        user_scope=no
        if { [ -n "$memory_kb" ] || [ "$kill_user" = yes ]; } && command -v systemd-run >/dev/null 2>&1 \
          && systemd-run --user --scope --quiet true >/dev/null 2>&1 </dev/null; then
          user_scope=yes
        fi
        limit_memory=
        if [ -n "$memory_kb" ]; then
          if [ "$user_scope" = yes ]; then limit_memory=systemd; else limit_memory=ulimit; fi
        fi
        if [ "$user_scope" = yes ]; then
          [ "$limit_memory" != systemd ] || set -- -p "MemoryMax=${memory_kb}K" "$@"
          set -- systemd-run --user --scope --quiet --unit="remote-jupyter-$id" "$@"
        fi
        if [ "$kill_user" = yes ]; then
          if [ "$user_scope" = yes ]; then
            printf 'warn\tThis host stops your processes at logout (logind KillUserProcesses=yes), so the server runs in a systemd --user scope.\n'
            [ -e "/var/lib/systemd/linger/$(id -un)" ] || printf 'warn\tLingering is off for you on this host: the server stops when your last session ends. Run: loginctl enable-linger\n'
          else
            printf 'warn\tThis host stops your processes at logout (logind KillUserProcesses=yes) and systemd-run --user is not available: the server stops when your last SSH session ends. Ask the admin to enable lingering for you (loginctl enable-linger %s).\n' "$(id -un)"
          fi
        fi
        ulimit_kb=
        [ "$limit_memory" != ulimit ] || ulimit_kb=$memory_kb

        if [ "$persistence" = tmux ]; then
          command -v tmux >/dev/null 2>&1 || give_up tmux
          tmux_session="remote-jupyter-$id"
          mkfifo "$dir/token.fifo" || give_up state-dir
          set -- env "JUPYTER_RUNTIME_DIR=$JUPYTER_RUNTIME_DIR" "JUPYTER_PATH=$JUPYTER_PATH" "PATH=$PATH" ${IPYTHONDIR:+"IPYTHONDIR=$IPYTHONDIR"} \
            sh -c "$PANE" remote-jupyter "$dir/token.fifo" "$ulimit_kb" "$@"
          # A tmux server started here inherits this environment: it must never see the token.
          pid=$( (unset JUPYTER_TOKEN; exec tmux new-session -d -s "$tmux_session" -c "$workdir" -P -F '#{pane_pid}' "$@") 2>"$dir/tmux.err" </dev/null)
          [ -n "$pid" ] || { err=$(head -c 300 "$dir/tmux.err"); tmux_session=; give_up tmux "$err"; }
          (unset JUPYTER_TOKEN; exec tmux pipe-pane -t "$tmux_session" -o "exec cat >>$(q "$dir/server.log")") >/dev/null 2>&1 </dev/null
          (printf '%s\n' "$JUPYTER_TOKEN" >"$dir/token.fifo") >/dev/null 2>&1 </dev/null &
          writer=$!
        else
          set -- nohup "$@"
          ! command -v setsid >/dev/null 2>&1 || set -- setsid "$@"
          (
            if [ -n "$ulimit_kb" ]; then ulimit -v "$ulimit_kb" || exit 97; fi
            exec "$@"
          ) >"$dir/server.log" 2>&1 </dev/null &
          pid=$!
        fi
        printf '%s\n' "$pid" >"$dir/pid"
        state=$("$py" -c "$WRITE_STATE" "$dir/state.json" "$id" "$pid" "$port" "$py" "$env_path" "$workdir" "$version" "$dir/server.log" "$persistence" "$limit_memory" "$tmux_session")
        printf 'state\t%s\n' "$state"
        result=$("$py" -c "$WAIT_READY" "$port" "$pid" "$timeout")
        trap - TERM HUP INT
        printf 'result\t%s\n' "$result"
        [ -z "$writer" ] || kill "$writer" 2>/dev/null
        if [ "$result" != ready ]; then
          kill -KILL "$pid" 2>/dev/null
          [ -z "$tmux_session" ] || tmux kill-session -t "$tmux_session" 2>/dev/null
          printf 'log\n'
          tail -n 40 "$dir/server.log" | sed 's/^/| /'
          rm -rf "$dir"
        fi
        release
        """;

    public static string Build(
        ServerLayout layout, string id, JupyterToken token, LaunchRequest request, string productVersion)
    {
        var timeout = (request.StartTimeout ?? TimeSpan.FromSeconds(60)).TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        var module = request.UseJupyterLab ? "jupyterlab" : "jupyter_server";
        var s = new StringBuilder();
        s.AppendLine("umask 077");
        s.Append("servers=").AppendLine(layout.QuotedServersDir);
        s.Append("id=").AppendLine(ShellQuote.Quote(id));
        s.Append("py=").AppendLine(ShellQuote.QuotePath(request.PythonPath));
        s.Append("kernel_py=").AppendLine(ShellQuote.QuotePath(request.KernelPythonPath ?? request.PythonPath));
        s.Append("env_path=").AppendLine(request.EnvironmentPath is null ? "''" : ShellQuote.QuotePath(request.EnvironmentPath));
        s.Append("workdir=").AppendLine(request.WorkingDirectory is null ? "\"$HOME\"" : ShellQuote.QuotePath(request.WorkingDirectory));
        s.Append("port=").AppendLine(request.RemotePort?.ToString(CultureInfo.InvariantCulture) ?? "''");
        s.Append("version=").AppendLine(ShellQuote.Quote(productVersion));
        s.Append("export JUPYTER_TOKEN=").AppendLine(ShellQuote.Quote(token.Value));
        s.Append("CHOOSE_PORT=").AppendLine(ShellQuote.Quote(ChoosePort));
        s.Append("WRITE_STATE=").AppendLine(ShellQuote.Quote(WriteState));
        s.Append("WAIT_READY=").AppendLine(ShellQuote.Quote(WaitReady));
        s.Append("WRITE_KERNEL=").AppendLine(ShellQuote.Quote(WriteKernelSpec));
        s.Append("display=").AppendLine(ShellQuote.Quote(KernelDisplayName(request)));
        s.Append("timeout=").AppendLine(timeout);
        s.Append("module=").AppendLine(module);
        var settings = request.Settings ?? new ServerSettings();
        s.Append("extra_args=").AppendLine(ShellQuote.Quote(ShellQuote.Join(ExtraArguments(settings))));
        s.Append("nice_level=").AppendLine(settings.NiceLevel?.ToString(CultureInfo.InvariantCulture) ?? "''");
        s.Append("memory_kb=").AppendLine(settings.MemoryLimitMb is { } mb ? (mb * 1024L).ToString(CultureInfo.InvariantCulture) : "''");
        if (request.PrivateIPythonDir)
        {
            s.AppendLine("export IPYTHONDIR=\"$servers/$id/ipython\"");
        }

        s.Append("lock=").AppendLine(request.LockPath is null ? "''" : ShellQuote.Quote(request.LockPath));
        s.Append("persistence=").AppendLine(settings.Persistence == ServerPersistence.Tmux ? "tmux" : "detached");
        s.Append("PANE=").AppendLine(ShellQuote.Quote(TmuxPane));
        s.AppendLine(Body);
        return s.ToString();
    }

    internal static IEnumerable<string> ExtraArguments(ServerSettings settings)
    {
        if (settings.IdleShutdownMinutes is { } minutes and > 0)
        {
            var seconds = (minutes * 60).ToString(CultureInfo.InvariantCulture);
            yield return "--MappingKernelManager.cull_idle_timeout=" + seconds;
            yield return "--MappingKernelManager.cull_interval=60";
            yield return "--ServerApp.shutdown_no_activity_timeout=" + seconds;
        }

        foreach (var arg in settings.ExtraArgs ?? [])
        {
            yield return arg;
        }
    }

    private static string KernelDisplayName(LaunchRequest request) =>
        request.EnvironmentPath is { } env
            ? $"Python 3 ({Path.GetFileName(env.TrimEnd('/'))})"
            : $"Python 3 ({request.PythonPath})";
}
