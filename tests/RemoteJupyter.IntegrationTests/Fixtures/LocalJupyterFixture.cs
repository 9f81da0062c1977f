using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>
/// One real jupyter_server on loopback, shared by a test class. It runs under a base path so every test
/// also proves that clients keep the base path when building URLs.
/// </summary>
public sealed class LocalJupyterFixture : IAsyncLifetime, IAsyncDisposable
{
    // The Debian build; the python3 on PATH may be a pyenv build without Jupyter.
    private const string Python = "/usr/bin/python3";
    private const string BasePath = "/rj-base/";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private const int SigTerm = 15;

    private readonly StringBuilder log = new();
    private readonly string tempDir = Path.Combine(Path.GetTempPath(), "rj-jupyter-" + Guid.NewGuid().ToString("N"));
    private Process? process;

    /// <summary>The server root including the base path.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>A fresh random token per fixture, handed to the server through its environment.</summary>
    public string Token { get; } = Guid.NewGuid().ToString("N");

    /// <summary>What the server wrote so far, for failure messages.</summary>
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

    public JupyterApiClient CreateClient() => new(BaseUrl, Token);

    public async Task InitializeAsync()
    {
        var root = Directory.CreateDirectory(Path.Combine(tempDir, "root")).FullName;
        var home = Directory.CreateDirectory(Path.Combine(tempDir, "home")).FullName;
        var port = FreeLoopbackPort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}{BasePath}");

        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var arg in new[]
        {
            "-m", "jupyter_server",
            "--ServerApp.ip=127.0.0.1",
            $"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            "--ServerApp.open_browser=False",
            $"--ServerApp.root_dir={root}",
            $"--ServerApp.base_url={BasePath}",
        })
        {
            start.ArgumentList.Add(arg);
        }

        if (Environment.UserName == "root")
        {
            start.ArgumentList.Add("--allow-root");
        }

        // The token stays out of argv, where any local user could read it with ps.
        start.Environment["JUPYTER_TOKEN"] = Token;
        start.Environment["HOME"] = home;
        start.Environment["JUPYTER_RUNTIME_DIR"] = Directory.CreateDirectory(Path.Combine(tempDir, "runtime")).FullName;
        start.Environment["JUPYTER_CONFIG_DIR"] = Directory.CreateDirectory(Path.Combine(tempDir, "config")).FullName;
        start.Environment["IPYTHONDIR"] = Directory.CreateDirectory(Path.Combine(tempDir, "ipython")).FullName;

        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        await WaitUntilAnsweringAsync();
    }

    public async Task DisposeAsync()
    {
        // Newer xunit builds call both DisposeAsync flavours; the second call must find nothing left to do.
        if (process is not null)
        {
            await StopAsync(process);
            process.Dispose();
            process = null;
        }

        try
        {
            if (Directory.Exists(tempDir))
            {
                Directory.Delete(tempDir, recursive: true);
            }
        }
        catch (IOException)
        {
            // A kernel that is still exiting may hold a file; a leftover temp dir is harmless.
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private async Task WaitUntilAnsweringAsync()
    {
        using var client = CreateClient();
        using var deadline = new CancellationTokenSource(StartTimeout);
        Exception? last = null;
        while (!deadline.IsCancellationRequested)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"jupyter_server exited with code {process.ExitCode} before answering.\n{Log}");
            }

            try
            {
                await client.GetStatusAsync(deadline.Token);
                return;
            }
            catch (RemoteJupyterException ex) when (ex.Code == ErrorCode.ServerStartFailed)
            {
                last = ex;
            }
            catch (OperationCanceledException)
            {
                break;
            }

            try
            {
                await Task.Delay(100, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        throw new TimeoutException($"jupyter_server did not answer api/status within {StartTimeout}: {last?.Message}\n{Log}");
    }

    private static async Task StopAsync(Process server)
    {
        if (server.HasExited)
        {
            return;
        }

        // SIGTERM lets the server shut its kernels down; Process.Kill would orphan them.
        _ = Kill(server.Id, SigTerm);
        using var grace = new CancellationTokenSource(StopGrace);
        try
        {
            await server.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            server.Kill(entireProcessTree: false);
            await server.WaitForExitAsync();
        }
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

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // DllImport rather than LibraryImport, which would need unsafe code enabled for the whole project.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
