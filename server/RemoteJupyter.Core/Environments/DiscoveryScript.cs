using System.Globalization;
using System.Text;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Environments;

/// <summary>
/// Builds the one POSIX sh script that discovers every Python environment in a single round trip. sh only
/// finds candidates (globs and tests, no parsing); each interpreter probes itself once and prints a JSON
/// record; <see cref="DiscoveryOutput"/> reads the tagged lines.
/// </summary>
internal static class DiscoveryScript
{
    /// <summary>Searched after $PATH: where distributions and installers put Python.</summary>
    public const string WellKnownDirectories = "/usr/local/bin:/usr/bin:/bin:/opt/homebrew/bin";

    /// <summary>The script for <paramref name="options"/>.</summary>
    public static string Build(DiscoveryOptions options)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(options.Timeout.TotalSeconds));
        var script = new StringBuilder();
        script.Append("PROBE=").AppendLine(ShellQuote.Quote(DiscoveryPython.Probe));
        script.Append("CONDA_ENVS=").AppendLine(ShellQuote.Quote(DiscoveryPython.CondaEnvs));
        script.Append("KERNELS=").AppendLine(ShellQuote.Quote(DiscoveryPython.Kernels));
        script.Append("limit=").AppendLine(seconds.ToString(CultureInfo.InvariantCulture));
        script.AppendLine(Functions);

        if (options.SearchPath is null)
        {
            script.AppendLine("scan_path \"$PATH:" + WellKnownDirectories + "\"");
            script.AppendLine("for wk_dir in /opt/*/bin; do consider_bin_dir \"$wk_dir\"; done");
        }
        else
        {
            script.Append("scan_path ").AppendLine(ShellQuote.Quote(options.SearchPath));
        }

        script.AppendLine(VenvHomes);
        foreach (var root in options.Roots)
        {
            script.Append("scan_root ").AppendLine(ShellQuote.QuotePath(root));
        }

        script.AppendLine(CondaAndPyenv);
        return script.ToString();
    }

    private const string Functions = """
        # A file named json.py in the login folder must not shadow the probe's imports.
        cd / || exit 1
        deadline=$(( $(date +%s) + limit ))
        timed_out=0
        has_timeout=0
        command -v timeout >/dev/null 2>&1 && has_timeout=1
        sep=$(printf '\001')
        seen=$sep
        prefixes=
        helper=

        # Stops everything after this once the time is up, saying so once.
        out_of_time() {
          [ "$timed_out" = 1 ] && return 0
          [ "$(date +%s)" -lt "$deadline" ] && return 1
          timed_out=1
          printf 'timeout\n'
          return 0
        }

        # Runs "$@" for no longer than the time left; coreutils timeout also stops its children.
        bounded() {
          b_left=$(( deadline - $(date +%s) ))
          [ "$b_left" -gt 0 ] || return 124
          if [ "$has_timeout" = 1 ]; then
            timeout -k 1 "$b_left" "$@"
          else
            "$@" &
            b_pid=$!
            ( sleep "$b_left"; kill "$b_pid" ) >/dev/null 2>&1 &
            b_watch=$!
            wait "$b_pid"
            b_rc=$?
            kill "$b_watch" 2>/dev/null
            return "$b_rc"
          fi
        }

        # consider HINT PREFIX PYTHON: an environment counts once by its prefix (a venv's python is a symlink
        # to its base, so the binary alone would merge them); a bare interpreter once by its resolved binary.
        consider() {
          [ -x "$3" ] && [ ! -d "$3" ] || return 0
          if [ -n "$2" ]; then
            c_key=p$(cd -P "$2" 2>/dev/null && pwd -P) || return 0
          else
            c_key=b$(readlink -f "$3" 2>/dev/null || printf '%s' "$3")
          fi
          case "$seen" in *"$sep$c_key$sep"*) return 0 ;; esac
          seen="$seen$c_key$sep"
          out_of_time && return 0
          # -E: a PYTHONPATH or PYTHONHOME from rc files cannot break the probe (not -I: user site-packages count).
          if bounded "$3" -E -c "$PROBE" "$1" "$2" "$3" </dev/null 2>/dev/null; then
            [ -n "$helper" ] || helper=$3
            # Kernels installed with an interpreter live in its prefix's share/ (a bare one's: above its bin/).
            if [ -n "$2" ]; then prefixes="$prefixes$2$sep"; else prefixes="$prefixes${3%/bin/*}$sep"; fi
          fi
          out_of_time
          return 0
        }

        consider_env() {
          if [ -x "$2/bin/python" ]; then consider "$1" "$2" "$2/bin/python"; else consider "$1" "$2" "$2/bin/python3"; fi
        }

        consider_conda() {
          [ -n "$1" ] && [ -d "$1/conda-meta" ] && consider_env conda "$1"
          return 0
        }

        # A bin folder on PATH may belong to an environment (an activated venv, conda's base): count it as that.
        consider_bin_dir() {
          bd_prefix=${1%/*}
          if [ -n "$bd_prefix" ] && { [ -d "$bd_prefix/conda-meta" ] || [ -f "$bd_prefix/pyvenv.cfg" ]; }; then
            consider path "$bd_prefix" "$1/python3"
          else
            consider path "" "$1/python3"
          fi
        }

        scan_path() {
          set -f
          sp_ifs=$IFS
          IFS=:
          for sp_dir in $1; do
            IFS=$sp_ifs
            set +f
            # pyenv's shims only re-dispatch to versions found below.
            case "$sp_dir" in ""|*/shims) ;; *) consider_bin_dir "$sp_dir" ;; esac
            set -f
            IFS=:
          done
          IFS=$sp_ifs
          set +f
        }

        # A project folder: itself, its .venv/venv/env, and one level down (folder/*/.venv).
        scan_root() {
          for sr_env in "$1" "$1/.venv" "$1/venv" "$1/env" "$1"/*/.venv; do
            if [ -f "$sr_env/pyvenv.cfg" ] || [ -d "$sr_env/conda-meta" ]; then consider_env root "$sr_env"; fi
          done
        }

        # conda/mamba/micromamba know envs outside the usual roots. Their JSON is read by a Python that already
        # answered its probe, which hands back each prefix octal-escaped for printf to turn into bytes again.
        list_conda() {
          [ -n "$1" ] && [ -x "$1" ] || return 0
          out_of_time && return 0
          if [ -z "$helper" ]; then printf 'warn\t{"code":"conda-no-python"}\n'; return 0; fi
          lc_json=$(bounded "$1" env list --json </dev/null 2>/dev/null) || { printf 'warn\t{"code":"conda-failed"}\n'; return 0; }
          lc_list=$(printf '%s' "$lc_json" | bounded "$helper" -E -c "$CONDA_ENVS" 2>/dev/null)
          for lc_enc in $lc_list; do
            case "$lc_enc" in *[!0-7\\]*) continue ;; esac
            lc_prefix=$(printf "${lc_enc}x")
            consider_conda "${lc_prefix%x}"
          done
        }
        """;

    private const string VenvHomes = """
        for vh_env in "$HOME"/.venvs/* "$HOME"/.virtualenvs/* "$HOME"/venvs/*; do
          [ -d "$vh_env" ] && consider_env venv "$vh_env"
        done
        """;

    private const string CondaAndPyenv = """
        lc_seen=$sep
        for lc_tool in "$(command -v conda 2>/dev/null)" "$(command -v mamba 2>/dev/null)" "$(command -v micromamba 2>/dev/null)" "${CONDA_EXE:-}" "${MAMBA_EXE:-}"; do
          [ -n "$lc_tool" ] || continue
          case "$lc_seen" in *"$sep$lc_tool$sep"*) continue ;; esac
          lc_seen="$lc_seen$lc_tool$sep"
          list_conda "$lc_tool"
        done
        if [ -f "$HOME/.conda/environments.txt" ]; then
          while IFS= read -r ce_line; do consider_conda "$ce_line"; done < "$HOME/.conda/environments.txt"
        fi
        # Known install roots of conda, mamba and micromamba; each one and its envs/* count when they hold conda-meta/.
        for cr_root in "$HOME/miniconda3" "$HOME/anaconda3" "$HOME/miniforge3" "$HOME/mambaforge" "$HOME/micromamba" \
            /opt/conda /opt/miniconda3 /opt/anaconda3 /opt/miniforge3 "${CONDA_PREFIX:-}" "${MAMBA_ROOT_PREFIX:-}"; do
          [ -n "$cr_root" ] || continue
          consider_conda "$cr_root"
          for cr_env in "$cr_root"/envs/*; do consider_conda "$cr_env"; done
        done
        for py_env in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/*; do
          [ -d "$py_env" ] && consider_env pyenv "$py_env"
        done
        if [ "$timed_out" = 0 ] && [ -n "$helper" ]; then
          bounded "$helper" -E -c "$KERNELS" "$prefixes" </dev/null 2>/dev/null
        fi
        out_of_time || printf 'done\n'
        """;
}
