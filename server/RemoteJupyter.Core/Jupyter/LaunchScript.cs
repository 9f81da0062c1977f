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
    private const string ChoosePort = """
        import socket
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])
        s.close()
        """;

    // Writes state.json atomically (tmp + rename) with 0600, from argv: nothing secret is in it.
    private const string WriteState = """
        import json, os, sys, datetime
        path, sid, pid, port, python, env, workdir, version, log = sys.argv[1:10]
        state = {"id": sid, "pid": int(pid), "port": int(port), "python": python, "environmentPath": env or None,
                 "workingDirectory": os.path.abspath(workdir), "startedAt": datetime.datetime.now(datetime.timezone.utc).isoformat(),
                 "version": version, "logPath": log}
        fd = os.open(path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(state, f)
        os.replace(path + ".tmp", path)
        print(json.dumps(state))
        """;

    // Polls /api/status with the token from the environment while watching the pid, so a server
    // that dies (port taken, bad config) is reported at once instead of after the timeout.
    private const string WaitReady = """
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
            time.sleep(0.1)
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

        s.AppendLine("""
            dir="$servers/$id"
            mkdir -p "$servers" && chmod 700 "$servers" "$servers/.." || { printf 'fail\tstate-dir\n'; exit 0; }
            mkdir "$dir" || { printf 'fail\tstate-dir\n'; exit 0; }
            pid=
            # Cancelled (SIGTERM to our group): take back whatever was started.
            trap '[ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null; rm -rf "$dir"; exit 143' TERM HUP INT
            export JUPYTER_RUNTIME_DIR="$dir/runtime"
            export JUPYTER_PATH="$dir/jupyter"
            "$py" -c "$WRITE_KERNEL" "$dir/jupyter/kernels/python3/kernel.json" "$kernel_py" "$display" || { rm -rf "$dir"; printf 'fail\tkernelspec\n'; exit 0; }
            cd "$workdir" 2>/dev/null || { rm -rf "$dir"; printf 'fail\tworkdir\t%s\n' "$workdir"; exit 0; }
            [ -n "$port" ] || port=$("$py" -c "$CHOOSE_PORT")
            set -- "$py" -m "$module" --ServerApp.ip=127.0.0.1 --ServerApp.port="$port" --ServerApp.port_retries=0 \
              --ServerApp.open_browser=False --ServerApp.no_browser_open_file=True --ServerApp.root_dir="$workdir"
            [ "$(id -u)" = 0 ] && set -- "$@" --allow-root
            # extra_args holds already-quoted words: eval turns them back into exactly those words.
            eval "set -- \"\$@\" $extra_args"
            [ -z "$nice_level" ] || set -- nice -n "$nice_level" "$@"
            set -- nohup "$@"
            ! command -v setsid >/dev/null 2>&1 || set -- setsid "$@"
            (
              if [ -n "$memory_kb" ]; then ulimit -v "$memory_kb" || exit 97; fi
              exec "$@"
            ) >"$dir/server.log" 2>&1 </dev/null &
            pid=$!
            printf '%s\n' "$pid" >"$dir/pid"
            state=$("$py" -c "$WRITE_STATE" "$dir/state.json" "$id" "$pid" "$port" "$py" "$env_path" "$workdir" "$version" "$dir/server.log")
            printf 'state\t%s\n' "$state"
            result=$("$py" -c "$WAIT_READY" "$port" "$pid" "$timeout")
            trap - TERM HUP INT
            printf 'result\t%s\n' "$result"
            if [ "$result" != ready ]; then
              kill -KILL "$pid" 2>/dev/null
              printf 'log\n'
              tail -n 40 "$dir/server.log" | sed 's/^/| /'
              rm -rf "$dir"
            fi
            """);
        return s.ToString();
    }

    private static IEnumerable<string> ExtraArguments(ServerSettings settings)
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
