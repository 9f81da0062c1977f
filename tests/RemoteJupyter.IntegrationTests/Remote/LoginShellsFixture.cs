using System.Security.Cryptography;
using RemoteJupyter.IntegrationTests.Fixtures;
using RemoteJupyter.Sidecar.Demo;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RemoteJupyter.IntegrationTests.Remote;

/// <summary>
/// One more throwaway sshd, and one account per login shell (rjsh-bash, rjsh-dash, rjsh-zsh, rjsh-fish,
/// rjsh-tcsh) whose rc files do what real ones do: print banners on stdout and stderr, put a folder on
/// PATH, set PYTHONPATH (to a folder whose json.py raises) and export a secret. Needs root, to create the
/// accounts; as anyone else <see cref="Available"/> is false.
/// </summary>
public sealed class LoginShellsFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    public const string Banner = "RJ-BANNER";

    public const string MarkerTool = "rj-marker-tool";

    /// <summary>Each shell's name (the account is rjsh-NAME) and its path.</summary>
    public static readonly IReadOnlyDictionary<string, string> Shells = new Dictionary<string, string>
    {
        ["bash"] = "/bin/bash",
        ["dash"] = "/bin/dash",
        ["zsh"] = "/usr/bin/zsh",
        ["fish"] = "/usr/bin/fish",
        ["tcsh"] = "/usr/bin/tcsh",
    };

    private ThrowawaySshHost? host;

    public ThrowawaySshHost Host => host ?? throw new InvalidOperationException("The login shells host has not started.");

    public static bool Available => Environment.IsPrivilegedProcess;

    /// <summary>What every rc file exports as RJ_TEST_SECRET; new each run.</summary>
    public string Secret { get; } = "rj-secret-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>The folder the rc files put first on PATH; holds <see cref="MarkerTool"/>.</summary>
    public string RcBin => Path.Combine(Host.TempDir, "rc-bin");

    /// <summary>The folder the rc files set PYTHONPATH to; its json.py raises on import.</summary>
    public string RcPythonPath => Path.Combine(Host.TempDir, "rc-pythonpath");

    public Dictionary<string, string> Homes { get; } = [];

    public static string UserFor(string shell) => "rjsh-" + shell;

    public async Task InitializeAsync()
    {
        if (!Available)
        {
            return;
        }

        var logger = new XunitLogger(nameof(LoginShellsFixture), line => diagnostics.OnMessage(new DiagnosticMessage(line)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        host = await ThrowawaySshHost.StartAsync(
            new ThrowawaySshHostOptions { LoginUser = UserFor("bash"), LoginShell = Shells["bash"], Alias = "rj-shells" }, logger, timeout.Token);
        try
        {
            await WriteSharedFilesAsync(timeout.Token);
            foreach (var (shell, path) in Shells)
            {
                var home = await host.AddLoginUserAsync(UserFor(shell), path, timeout.Token);
                await WriteRcFilesAsync(shell, home, timeout.Token);
                Homes[shell] = home;
            }
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    private async Task WriteSharedFilesAsync(CancellationToken ct)
    {
        await WriteAsync(Path.Combine(RcBin, MarkerTool), "#!/bin/sh\necho marker-tool-ok\n", executable: true, ct);
        await WriteAsync(Path.Combine(RcPythonPath, "json.py"), "raise ImportError('json shadowed by an rc file PYTHONPATH')\n", executable: false, ct);
    }

    private async Task WriteRcFilesAsync(string shell, string home, CancellationToken ct)
    {
        var state = Path.Combine(home, ".remote-jupyter");
        if (Directory.Exists(state))
        {
            Directory.Delete(state, recursive: true);
        }

        var sh = $"""
            export PATH="{RcBin}:$PATH"
            export PYTHONPATH="{RcPythonPath}"
            export RJ_TEST_SECRET='{Secret}'
            """;
        var files = shell switch
        {
            // Debian's layout: .profile sources .bashrc, whose settings sit behind the interactive guard.
            "bash" => new Dictionary<string, string>
            {
                [".profile"] = ShBanner(".profile") + "[ -f ~/.bashrc ] && . ~/.bashrc\n",
                [".bashrc"] = ShBanner(".bashrc") + "case $- in *i*) ;; *) return;; esac\n" + sh + "\n",
            },
            // dash reads $ENV only when interactive.
            "dash" => new Dictionary<string, string>
            {
                [".profile"] = ShBanner(".profile") + "ENV=$HOME/.shrc; export ENV\n",
                [".shrc"] = ShBanner(".shrc") + sh + "\n",
            },
            "zsh" => new Dictionary<string, string>
            {
                [".zshenv"] = ShBanner(".zshenv"),
                [".zshrc"] = ShBanner(".zshrc") + sh + "\n",
            },
            "fish" => new Dictionary<string, string>
            {
                [".config/fish/config.fish"] = ShBanner("config.fish") + $"""
                    set -gx PATH {RcBin} $PATH
                    set -gx PYTHONPATH {RcPythonPath}
                    set -gx RJ_TEST_SECRET '{Secret}'

                    """,
            },
            "tcsh" => new Dictionary<string, string>
            {
                [".tcshrc"] = $"""
                    echo '{Banner} from .tcshrc'
                    echo '{Banner} on stderr from .tcshrc' > /dev/stderr
                    setenv PYTHONPATH {RcPythonPath}
                    setenv RJ_TEST_SECRET '{Secret}'

                    """,
                [".login"] = $"echo '{Banner} from .login'\nsetenv PATH {RcBin}:$PATH\n",
            },
            _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, null),
        };

        foreach (var (name, text) in files)
        {
            await WriteAsync(Path.Combine(home, name), text, executable: false, ct);
        }

        await TestHosts.RunAsync("chown", ["-R", UserFor(shell) + ":", home], ct);
    }

    private static string ShBanner(string file) =>
        $"echo '{Banner} from {file}'\necho '{Banner} on stderr from {file}' >&2\n";

    private static async Task WriteAsync(string path, string text, bool executable, CancellationToken ct)
    {
        var dir = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        await File.WriteAllTextAsync(path, text, ct);
        File.SetUnixFileMode(path, (UnixFileMode)(executable ? 0b111_101_101 : 0b110_100_100));
    }
}
