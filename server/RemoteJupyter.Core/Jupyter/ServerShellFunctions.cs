namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// Shell functions the lifecycle scripts share (prepended to each, after <c>servers=…</c>):
/// <c>is_ours PID DIR</c> is true only for a live, non-zombie process whose environment points at that server's
/// private runtime dir, so a recycled pid is never taken for our server; <c>clean_stale</c> removes every server
/// folder whose recorded process is gone (or is somebody else's now), except a container server's whose container
/// still exists (it exited: listing reports it); <c>container_exists DIR</c> says whether that container does.
/// </summary>
internal static class ServerShellFunctions
{
    public const string Source = """
        is_ours() {
          [ -n "$1" ] || return 1
          if [ -d /proc/self ]; then
            [ -d "/proc/$1" ] || return 1
            [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" = Z ] && return 1
            [ -r "/proc/$1/environ" ] || return 0
            tr '\0' '\n' <"/proc/$1/environ" | grep -qxF "JUPYTER_RUNTIME_DIR=$2/runtime"
          else
            kill -0 "$1" 2>/dev/null && ps -p "$1" -o command= 2>/dev/null | grep -q jupyter
          fi
        }
        container_exists() {
          [ -f "$1/container" ] && "$(cat "$1/engine")" inspect --format '{{.Id}}' "$(cat "$1/container")" >/dev/null 2>&1
        }
        clean_stale() {
          for d in "$servers"/*/; do
            d=${d%/}
            [ -f "$d/state.json" ] || continue
            is_ours "$(cat "$d/pid" 2>/dev/null)" "$d" && continue
            # A container that exited stays (listed with its exit code and last log lines) until it is stopped.
            container_exists "$d" || rm -rf "$d"
          done
        }
        """;
}
