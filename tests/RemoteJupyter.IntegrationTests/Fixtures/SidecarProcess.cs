using System.Text.RegularExpressions;
using System.Diagnostics;
using System.Text;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>The real <c>remote-jupyter</c> executable, run as a child process the way people and the extension run it.</summary>
public sealed partial class SidecarProcess : IDisposable
{
    private readonly StringBuilder stderr = new();

    private SidecarProcess(Process process)
    {
        Process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public string Stderr
    {
        get
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }
    }

    /// <summary>Runs a one-shot verb to the end: its exit code, stdout and stderr.</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunToEndAsync(string[] args, CancellationToken cancellationToken)
    {
        using var cli = Start(args);
        var stdout = await cli.Process.StandardOutput.ReadToEndAsync(cancellationToken);
        await cli.Process.WaitForExitAsync(cancellationToken);
        return (cli.Process.ExitCode, stdout, cli.Stderr);
    }

    /// <summary>Starts a verb that reads a secret from stdin (<c>--password-stdin</c>, <c>--token-stdin</c>): writes <paramref name="line"/>, then closes stdin.</summary>
    public static async Task<SidecarProcess> StartWithStdinAsync(string line, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var cli = StartWith(environment ?? new Dictionary<string, string>(), args);
        await cli.Process.StandardInput.WriteLineAsync(line);
        cli.Process.StandardInput.Close();
        return cli;
    }

    /// <summary>Reads <c>connect --show-token</c>'s ready line (<c>http://127.0.0.1:PORT/?token=</c> and 64 hex digits): the local URL (without the token) and the token.</summary>
    public async Task<(Uri Url, string Token)> ReadReadyLineAsync(CancellationToken cancellationToken)
    {
        var line = await Process.StandardOutput.ReadLineAsync(cancellationToken)
            ?? throw new InvalidOperationException("connect printed nothing; stderr:\n" + Stderr);
        var match = ReadyLine().Match(line);
        return match.Success
            ? (new Uri(match.Groups["url"].Value), match.Groups["token"].Value)
            : throw new InvalidOperationException($"unexpected ready line '{line}'; stderr:\n{Stderr}");
    }

    public static SidecarProcess Start(params string[] args) => StartWith(new Dictionary<string, string>(), args);

    /// <summary>Starts it with extra environment, e.g. <c>SSL_CERT_FILE</c>: trust that must be in place before .NET reads its store.</summary>
    public static SidecarProcess StartWith(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "remote-jupyter.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new SidecarProcess(Process.Start(info)!);
    }

    /// <summary>Sends SIGTERM, as systemd or a terminal's Ctrl-C would (Process.Kill would be SIGKILL).</summary>
    public void Terminate() => _ = kill(Process.Id, 15);

    /// <summary>Sends SIGHUP, what a closed terminal or a dropped ssh session delivers.</summary>
    public void HangUp() => _ = kill(Process.Id, 1);

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // DllImport keeps the test project free of unsafe code.
    private static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054

    [GeneratedRegex(@"^(?<url>http://127\.0\.0\.1:\d+/)\?token=(?<token>[0-9a-f]{64})$")]
    private static partial Regex ReadyLine();
}
