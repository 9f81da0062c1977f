using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.IntegrationTests.Environments;

/// <summary>
/// Environments of every kind in the test user's home, made through the SSH connection so they belong to that
/// user. Most live in one folder of their own; conda, pyenv and the kernelspec must sit where those tools put them
/// (~/miniconda3, ~/.conda, ~/.pyenv, ~/.local/share/jupyter/kernels), so those carry a marker file: clean-up
/// removes only what has it, and set-up replaces only what a crashed run left long ago.
/// </summary>
internal sealed class DiscoveryTree
{
    private const string Marker = ".rj-discovery-test";

    public DiscoveryTree(string home)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        Home = home;
        Root = home + "/rj-discovery-" + id;
        KernelName = "rj-disc-" + id;
    }

    /// <summary>A folder name nothing should ever run.</summary>
    public const string HostileName = "we ird $(touch PWNED) `touch PWNED` 'q\" $HOME\nnewline ü";

    public string Home { get; }

    /// <summary>The dedicated folder, passed as a root: venv, web/.venv, tool/.venv (uv), HOSTILE/.venv, shared/py310 (conda).</summary>
    public string Root { get; }

    public string KernelName { get; }

    public string PyenvVersion => Home + "/.pyenv/versions/3.11.2-rjdisc";

    public string Script => $$"""
        set -e
        R={{ShellQuote.Quote(Root)}}
        H={{ShellQuote.Quote(HostileName)}}
        K={{ShellQuote.Quote(KernelName)}}
        P={{ShellQuote.Quote(PyenvVersion)}}
        M={{Marker}}
        # Another test run may share this account: only a tree left over long ago (a crashed run) is removed.
        for d in "$HOME/miniconda3" "$HOME/.conda" "$HOME/.pyenv"; do
          if [ -e "$d" ]; then
            if [ -n "$(find "$d/$M" -mmin +10 2>/dev/null)" ]; then rm -rf "$d"; else echo "$d exists and is not ours (or in use)" >&2; exit 3; fi
          fi
        done
        mkdir -p "$R"
        /usr/bin/python3 -m venv --without-pip "$R/venv"
        /usr/bin/python3 -m venv --without-pip --system-site-packages "$R/web/.venv"
        /usr/bin/python3 -m venv --without-pip "$R/tool/.venv"
        printf 'home = /usr/bin\nimplementation = CPython\nuv = 0.4.18\nversion_info = 3.11.2\ninclude-system-site-packages = false\n' >"$R/tool/.venv/pyvenv.cfg"
        mkdir -p "$R/$H"
        cp -a "$R/venv" "$R/$H/.venv"
        fake_prefix() { mkdir -p "$1/bin" "$1/conda-meta"; ln -s /usr/bin/python3 "$1/bin/python"; }
        fake_prefix "$HOME/miniconda3"
        mkdir -p "$HOME/miniconda3/condabin"
        fake_prefix "$HOME/miniconda3/envs/torch"
        fake_prefix "$R/shared/py310"
        mkdir -p "$HOME/.conda"
        printf '%s\n' "$HOME/miniconda3" "$HOME/miniconda3/envs/torch" "$R/shared/py310" >"$HOME/.conda/environments.txt"
        mkdir -p "$P/bin"
        ln -s /usr/bin/python3 "$P/bin/python"
        touch "$HOME/miniconda3/$M" "$HOME/.conda/$M" "$HOME/.pyenv/$M"
        mkdir -p "$HOME/.local/share/jupyter/kernels/$K"
        printf '{"argv": ["%s", "-m", "ipykernel_launcher", "-f", "{connection_file}"], "display_name": "Discovery test", "language": "python"}\n' \
          "$R/venv/bin/python3" >"$HOME/.local/share/jupyter/kernels/$K/kernel.json"
        """;

    public string CleanUpScript => $$"""
        rm -rf {{ShellQuote.Quote(Root)}} "$HOME/.local/share/jupyter/kernels/"{{ShellQuote.Quote(KernelName)}}
        for d in "$HOME/miniconda3" "$HOME/.conda" "$HOME/.pyenv"; do
          [ -e "$d/{{Marker}}" ] && rm -rf "$d"
        done
        true
        """;
}
