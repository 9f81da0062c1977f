using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>
/// A jupyter_server started "by hand" the way people run one we did not start: a hashed password in its config
/// file, optionally a token, optionally TLS with a self-signed certificate. It keeps its port across restarts, so
/// a restart with another certificate looks like a changed server to clients.
/// </summary>
public abstract class ExistingJupyterServer : IAsyncLifetime, IAsyncDisposable
{
    private const string BasePath = "/rj-url/";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly bool tls;
    private JupyterServerProcess? process;

    protected ExistingJupyterServer(bool tls, bool withToken)
    {
        this.tls = tls;
        Token = withToken ? Guid.NewGuid().ToString("N") : string.Empty;
    }

    public string TempDir { get; } = Path.Combine(Path.GetTempPath(), "rj-existing-" + Guid.NewGuid().ToString("N"));

    public string RootDir => Path.Combine(TempDir, "root");

    private string RuntimeDir => Path.Combine(TempDir, "runtime");

    private string ConfigDir => Path.Combine(TempDir, "config");

    public string Password { get; } = "pw-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Empty when the server accepts only the password.</summary>
    public string Token { get; }

    public int Port { get; } = JupyterServerProcess.FreeLoopbackPort();

    public Uri BaseUrl => new($"{(tls ? "https" : "http")}://127.0.0.1:{Port}{BasePath}");

    /// <summary>The certificate the server runs with now ("a" at first), as PEM file paths.</summary>
    public string CertificateName { get; private set; } = "a";

    /// <summary>What the running server wrote so far, for failure messages.</summary>
    public string Log => process?.Log ?? string.Empty;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(RootDir);
        Directory.CreateDirectory(RuntimeDir);
        Directory.CreateDirectory(ConfigDir);
        Directory.CreateDirectory(Path.Combine(TempDir, "home"));
        var hash = (await RunAsync(JupyterServerProcess.Python, Password + "\n", "-c", "import sys; from jupyter_server.auth import passwd; print(passwd(sys.stdin.readline().strip()))")).Trim();
        var config = new StringBuilder();
        config.AppendLine($"c.ServerApp.password = '{hash}'");
        if (Token.Length == 0)
        {
            config.AppendLine("c.ServerApp.token = ''");
        }

        await File.WriteAllTextAsync(Path.Combine(ConfigDir, "jupyter_server_config.py"), config.ToString());
        if (tls)
        {
            await MakeCertificateAsync("a");
            await MakeCertificateAsync("b");
        }

        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(TempDir, recursive: true);
        }
        catch (IOException)
        {
            // A kernel still exiting may hold a file; a leftover temp dir is harmless.
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return new(DisposeAsync());
    }

    /// <summary>Restarts on the same port, with certificate <paramref name="certificate"/>; optionally forgetting every session cookie.</summary>
    public async Task RestartAsync(string? certificate = null, bool forgetCookies = false)
    {
        await StopAsync();
        CertificateName = certificate ?? CertificateName;
        if (forgetCookies)
        {
            // jupyter_server signs cookies with this secret; a new one invalidates every cookie handed out so far.
            File.Delete(Path.Combine(RuntimeDir, "jupyter_cookie_secret"));
        }

        await StartAsync();
    }

    public string CertificatePath(string name) => Path.Combine(TempDir, $"cert-{name}.pem");

    private string KeyPath(string name) => Path.Combine(TempDir, $"key-{name}.pem");

    private async Task MakeCertificateAsync(string name) => await RunAsync(
        "openssl", null, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", KeyPath(name), "-out", CertificatePath(name));

    private async Task StartAsync()
    {
        var args = new List<string>
        {
            "--ServerApp.ip=127.0.0.1", $"--ServerApp.port={Port}", "--ServerApp.port_retries=0",
            "--ServerApp.open_browser=False", $"--ServerApp.root_dir={RootDir}", $"--ServerApp.base_url={BasePath}",
        };
        if (tls)
        {
            args.Add($"--ServerApp.certfile={CertificatePath(CertificateName)}");
            args.Add($"--ServerApp.keyfile={KeyPath(CertificateName)}");
        }

        var environment = new Dictionary<string, string>
        {
            ["HOME"] = Path.Combine(TempDir, "home"),
            ["JUPYTER_RUNTIME_DIR"] = RuntimeDir,
            ["JUPYTER_CONFIG_DIR"] = ConfigDir,
            ["IPYTHONDIR"] = Path.Combine(TempDir, "ipython"),
        };
        if (Token.Length > 0)
        {
            // The token stays out of argv, where any local user could read it with ps.
            environment["JUPYTER_TOKEN"] = Token;
        }

        process = JupyterServerProcess.Start(RootDir, args, environment);
        await WaitUntilAnsweringAsync();
    }

    private async Task StopAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync();
            process = null;
        }
    }

    /// <summary>Any answer from the login page will do: the server is up; whether we may use it is what tests check.</summary>
    private async Task WaitUntilAnsweringAsync()
    {
        using var handler = new SocketsHttpHandler();
        if (tls)
        {
            // The poll trusts exactly the certificate the server was given; the tests check certificates our product's way.
            using var expected = X509CertificateLoader.LoadCertificateFromFile(CertificatePath(CertificateName));
            var thumbprint = expected.Thumbprint;
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
                cert is not null && string.Equals(new X509Certificate2(cert).Thumbprint, thumbprint, StringComparison.Ordinal);
        }

        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"jupyter_server exited with code {process.ExitCode}.\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl, "login"));
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
            catch (TaskCanceledException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"jupyter_server did not answer within {StartTimeout}.\n{Log}");
    }

    private static async Task<string> RunAsync(string file, string? stdin, params string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var child = Process.Start(info)!;
        await child.StandardInput.WriteAsync(stdin ?? string.Empty);
        child.StandardInput.Close();
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({child.ExitCode}): {await errors}");
        }

        return await output;
    }
}
