using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>
/// One real jupyter_server child process for fixtures: the Debian python, its output kept for failure messages,
/// stopped with SIGTERM (so it shuts its kernels down) and SIGKILL only after a grace period.
/// </summary>
internal sealed class JupyterServerProcess : IAsyncDisposable
{
    // The Debian build; the python3 on PATH may be a pyenv build without Jupyter.
    public const string Python = "/usr/bin/python3";
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private const int SigTerm = 15;

    private readonly StringBuilder log = new();
    private readonly Process process;
    private bool stopped;

    private JupyterServerProcess(Process process) => this.process = process;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>What the server wrote so far.</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>Starts <c>python3 -m jupyter_server ARGS</c> (with --allow-root as root) in <paramref name="workingDirectory"/>.</summary>
    public static JupyterServerProcess Start(string workingDirectory, IEnumerable<string> serverArgs, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add("-m");
        start.ArgumentList.Add("jupyter_server");
        foreach (var arg in serverArgs)
        {
            start.ArgumentList.Add(arg);
        }

        if (Environment.UserName == "root")
        {
            start.ArgumentList.Add("--allow-root");
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var server = new JupyterServerProcess(new Process { StartInfo = start });
        server.process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server.process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server.process.Start();
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        return server;
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGTERM, then SIGKILL after the grace period; safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (stopped)
        {
            return;
        }

        stopped = true;
        if (!process.HasExited)
        {
            _ = Kill(process.Id, SigTerm);
            using var grace = new CancellationTokenSource(StopGrace);
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: false);
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }

    // DllImport rather than LibraryImport, which would need unsafe code enabled for the whole project.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
