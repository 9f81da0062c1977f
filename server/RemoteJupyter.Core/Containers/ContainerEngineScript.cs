namespace RemoteJupyter.Core.Containers;

/// <summary>
/// The stdin script that finds podman and docker on the host in one round trip: for each, its <c>--version</c>
/// line, <c>info</c> as JSON and what it said on stderr, and, when it works, its local images as JSON. Every value is
/// printed on one tab-separated line (JSON has no raw newlines inside strings, so joining its lines keeps it valid).
/// </summary>
internal static class ContainerEngineScript
{
    // No temporary file: a read-only or noexec /tmp must not make an engine look broken. Its stderr is read again,
    // alone, only when info failed.
    public const string Source = """
        flat() { tr '\n\t' '  '; }
        for e in podman docker; do
          p=$(command -v "$e" 2>/dev/null) || continue
          v=$("$e" --version 2>/dev/null | head -n 1)
          info=$("$e" info --format '{{json .}}' 2>/dev/null)
          rc=$?
          info=$(printf '%s' "$info" | flat)
          err=
          [ "$rc" = 0 ] || err=$("$e" info 2>&1 >/dev/null | head -c 600 | flat)
          printf 'engine\t%s\t%s\t%s\t%s\n' "$e" "$p" "$rc" "$v"
          printf 'info\t%s\t%s\n' "$e" "$info"
          printf 'err\t%s\t%s\n' "$e" "$err"
          if [ "$rc" = 0 ] && [ "$images" = 1 ]; then
            printf 'images\t%s\t%s\n' "$e" "$("$e" images --format json 2>/dev/null | flat)"
          fi
        done
        """;
}
