using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>
/// One real jupyter_server on loopback, shared by a test class. It runs under a base path so every test
/// also proves that clients keep the base path when building URLs.
/// </summary>
public sealed class LocalJupyterFixture : IAsyncLifetime, IAsyncDisposable
{
    private const string BasePath = "/rj-base/";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string tempDir = Path.Combine(Path.GetTempPath(), "rj-jupyter-" + Guid.NewGuid().ToString("N"));
    private JupyterServerProcess? process;

    /// <summary>The server root including the base path.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>A fresh random token per fixture, handed to the server through its environment.</summary>
    public string Token { get; } = Guid.NewGuid().ToString("N");

    /// <summary>What the server wrote so far, for failure messages.</summary>
    public string Log => process?.Log ?? string.Empty;

    public JupyterApiClient CreateClient() => new(BaseUrl, Token);

    public async Task InitializeAsync()
    {
        var root = Directory.CreateDirectory(Path.Combine(tempDir, "root")).FullName;
        var home = Directory.CreateDirectory(Path.Combine(tempDir, "home")).FullName;
        var port = JupyterServerProcess.FreeLoopbackPort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}{BasePath}");
        string[] args =
        [
            "--ServerApp.ip=127.0.0.1",
            $"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            "--ServerApp.open_browser=False",
            $"--ServerApp.root_dir={root}",
            $"--ServerApp.base_url={BasePath}",
        ];

        // The token stays out of argv, where any local user could read it with ps.
        process = JupyterServerProcess.Start(root, args, new Dictionary<string, string>
        {
            ["JUPYTER_TOKEN"] = Token,
            ["HOME"] = home,
            ["JUPYTER_RUNTIME_DIR"] = Directory.CreateDirectory(Path.Combine(tempDir, "runtime")).FullName,
            ["JUPYTER_CONFIG_DIR"] = Directory.CreateDirectory(Path.Combine(tempDir, "config")).FullName,
            ["IPYTHONDIR"] = Directory.CreateDirectory(Path.Combine(tempDir, "ipython")).FullName,
        });
        await WaitUntilAnsweringAsync();
    }

    public async Task DisposeAsync()
    {
        // Newer xunit builds call both DisposeAsync flavours; the second call must find nothing left to do.
        if (process is not null)
        {
            await process.DisposeAsync();
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
}
